package io.pincluster.allocator;

import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-request view of the prepared metrics: pending bytes applied, and who may receive a new copy
 * (qualified, not already holding one, with room: free space minus pending above the reserve, and at
 * least pin size + reserve when the size is known).
 */
final class CandidatePool {
    private final Levels levels;
    private final long reserveBytes;

    CandidatePool(Levels levels, long reserveBytes) {
        this.levels = levels;
        this.reserveBytes = reserveBytes;
    }

    /** The qualified peer with its pending bytes applied, or null when it lacks an allocate_by metric. */
    Candidate describe(PreparedMetrics prepared, PeerId peer, Map<PeerId, Long> pending) {
        Candidate c = prepared.byPeer.get(peer);
        if (c == null || pending.isEmpty()) {
            return c;
        }
        Long bytes = pending.get(peer);
        return bytes == null ? c : c.lessPending(bytes, levels.freeSpaceLevels(), levels.capacityLevel());
    }

    /**
     * The peers that may receive new copies, split into the user's preferred ones (keyed by peer) and
     * the rest, both leaving out {@code exclude} (the valid current holders).
     */
    Split split(PreparedMetrics prepared, Set<PeerId> exclude, List<PeerId> preferred, Map<PeerId, Long> pending,
                long dagSize) {
        Map<PeerId, Candidate> adjusted = new HashMap<>();
        pending.forEach((peer, bytes) -> {
            Candidate c = prepared.byPeer.get(peer);
            if (c != null) {
                adjusted.put(peer, c.lessPending(bytes, levels.freeSpaceLevels(), levels.capacityLevel()));
            }
        });
        Set<PeerId> special = new java.util.HashSet<>(exclude);
        special.addAll(preferred);
        special.addAll(adjusted.keySet());
        List<Candidate> others = new ArrayList<>(prepared.qualified.size());
        Map<PeerId, Candidate> priority = new HashMap<>();
        boolean plain = special.isEmpty();
        for (Candidate q : prepared.qualified) {
            Candidate c = q;
            if (!plain && special.contains(q.peer)) {
                if (exclude.contains(q.peer)) {
                    continue;
                }
                c = adjusted.getOrDefault(q.peer, q);
                if (preferred.contains(q.peer)) {
                    if (c.hasRoom(reserveBytes, dagSize)) {
                        priority.put(q.peer, c);
                    }
                    continue;
                }
            }
            if (c.hasRoom(reserveBytes, dagSize)) {
                others.add(c);
            }
        }
        return new Split(priority, others);
    }

    record Split(Map<PeerId, Candidate> priority, List<Candidate> others) {
    }
}
