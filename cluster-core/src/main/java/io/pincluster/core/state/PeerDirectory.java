package io.pincluster.core.state;

import io.pincluster.core.peer.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The replicated peer directory (peer to name, Raft and RPC address, removed flag). Like the pinset it is
 * changed only by the Raft apply thread, in log order, so every peer holds the same directory; any thread
 * may read it. It lets a peer reach peers that joined after it started.
 */
public final class PeerDirectory {
    private final Map<PeerId, PeerRecord> records = new ConcurrentSkipListMap<>();

    /** Adds or replaces a record (apply thread only). */
    public void put(PeerRecord record) {
        records.put(record.id(), record);
    }

    /** Marks {@code peer} removed (apply thread only); unknown peers get a bare tombstone. */
    public void markRemoved(PeerId peer) {
        records.compute(peer, (id, old) -> old == null ? new PeerRecord(id, "", "", "", true) : old.asRemoved());
    }

    /** Replaces every record (snapshot load or install; apply thread only). */
    public void replaceAll(Collection<PeerRecord> all) {
        records.clear();
        all.forEach(this::put);
    }

    public Optional<PeerRecord> get(PeerId peer) {
        return Optional.ofNullable(records.get(peer));
    }

    /** Every record in peer id order, removed peers included. */
    public List<PeerRecord> all() {
        return List.copyOf(records.values());
    }
}
