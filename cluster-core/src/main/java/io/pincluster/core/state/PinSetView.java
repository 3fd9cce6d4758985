package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Read-only access to one peer's replica of the pinset. Safe to call from any thread while the apply
 * thread changes the state; streams are weakly consistent (they see each pin either before or after a
 * concurrent change, never half of it). All streams are in CID order ({@link Cid#compareTo}).
 */
public interface PinSetView {
    Optional<Pin> get(Cid cid);

    long size();

    /** Pins in CID order strictly after {@code after} ({@code null} = from the first pin). */
    Stream<Pin> pinsAfter(Cid after);

    /** A page of pins matching {@code query}, answered from the name, metadata and type indexes. */
    Stream<Pin> query(AllocationQuery query);

    /**
     * CIDs {@code peer} must hold: pins allocated to it plus "everywhere" pins, in CID order, from the
     * per-peer allocation index.
     */
    Stream<Cid> allocatedTo(PeerId peer);

    /** As {@link #allocatedTo(PeerId)}, from {@code from} on (included; {@code null} = from the first). */
    Stream<Cid> allocatedTo(PeerId peer, Cid from);

    /** CIDs whose allocation list names {@code peer} ("everywhere" pins excluded), in CID order, from the index. */
    Stream<Cid> allocationsOf(PeerId peer);

    /** How many pins name {@code peer} in their allocations, from the index (may count a pin being replaced). */
    long allocationCount(PeerId peer);

    /** Every peer some pin is allocated to (members or not), from the index. */
    Set<PeerId> allocatedPeers();

    /** Pins whose {@code expire_at} is at or before {@code now}, oldest expiry first, from the expiry index. */
    Stream<Pin> expiredAt(Instant now);

    /** Raft log index of the last entry applied to this replica (0 before the first). */
    long appliedIndex();
}
