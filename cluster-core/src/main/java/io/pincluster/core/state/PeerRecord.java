package io.pincluster.core.state;

import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the replicated peer directory: how to reach a peer that is (or was) a cluster member, and what
 * the operator asked of it.
 *
 * @param id               the peer
 * @param name             its human-readable name ({@code peername}); may be empty
 * @param raftAddress      {@code host:port} of its Raft server; may be empty when not known yet
 * @param rpcAddress       {@code host:port} of its cluster RPC; may be empty when not known yet
 * @param removed          true once the peer was removed from the cluster: it must not come back as a voter
 *                         without being added again
 * @param drain            whether its pins are being moved off it, and whether it is removed once it holds nothing
 * @param maintenanceUntil while before this time, the peer is in maintenance: being down moves none of its pins;
 *                         null when not in maintenance
 */
public record PeerRecord(PeerId id, String name, String raftAddress, String rpcAddress, boolean removed,
                         Drain drain, Instant maintenanceUntil) {
    /** What the operator asked: keep the peer's pins, move them off it, or move them off and remove it. */
    public enum Drain {
        NONE, DRAIN, DRAIN_AND_REMOVE
    }

    public PeerRecord {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        raftAddress = raftAddress == null ? "" : raftAddress;
        rpcAddress = rpcAddress == null ? "" : rpcAddress;
        drain = drain == null ? Drain.NONE : drain;
    }

    /** A record without operator requests (no drain, no maintenance). */
    public PeerRecord(PeerId id, String name, String raftAddress, String rpcAddress, boolean removed) {
        this(id, name, raftAddress, rpcAddress, removed, Drain.NONE, null);
    }

    /** A live member's record. */
    public static PeerRecord member(PeerId id, String name, String raftAddress, String rpcAddress) {
        return new PeerRecord(id, name, raftAddress, rpcAddress, false);
    }

    /** The same peer marked as removed; its addresses are kept for diagnostics. */
    public PeerRecord asRemoved() {
        return new PeerRecord(id, name, raftAddress, rpcAddress, true, Drain.NONE, null);
    }

    /** This record with the operator's requests of {@code other} (a peer re-registering keeps them). */
    public PeerRecord withRequestsOf(PeerRecord other) {
        return new PeerRecord(id, name, raftAddress, rpcAddress, removed, other.drain, other.maintenanceUntil);
    }

    public PeerRecord withDrain(Drain newDrain) {
        return new PeerRecord(id, name, raftAddress, rpcAddress, removed, newDrain, maintenanceUntil);
    }

    public PeerRecord withMaintenanceUntil(Instant until) {
        return new PeerRecord(id, name, raftAddress, rpcAddress, removed, drain, until);
    }

    /** True while the peer is in maintenance at {@code now}. */
    public boolean inMaintenanceAt(Instant now) {
        return maintenanceUntil != null && now.isBefore(maintenanceUntil);
    }

    /** True when the operator asked for anything (drain or maintenance). */
    public boolean hasRequests() {
        return drain != Drain.NONE || maintenanceUntil != null;
    }
}
