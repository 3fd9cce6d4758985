package io.pincluster.allocator;

import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Collection;
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
        List<Candidate> qualified = prepared.qualified;
        Candidate[] view = qualified.toArray(Candidate[]::new);
        pending.forEach((peer, bytes) -> {
            Candidate c = prepared.byPeer.get(peer);
            if (c != null) {
                view[c.index] = c.lessPending(bytes, levels.freeSpaceLevels(), levels.capacityLevel());
            }
        });
        byte[] role = new byte[view.length];
        mark(prepared, preferred, role, PREFERRED);
        mark(prepared, exclude, role, EXCLUDED);
        List<Candidate> others = new ArrayList<>(view.length);
        Map<PeerId, Candidate> priority = new HashMap<>();
        for (int i = 0; i < view.length; i++) {
            Candidate c = view[i];
            if (role[i] == EXCLUDED || !c.hasRoom(reserveBytes, dagSize)) {
                continue;
            }
            if (role[i] == PREFERRED) {
                priority.put(c.peer, c);
            } else {
                others.add(c);
            }
        }
        return new Split(priority, others);
    }

    private static final byte PREFERRED = 1;
    private static final byte EXCLUDED = 2;

    private static void mark(PreparedMetrics prepared, Collection<PeerId> peers, byte[] role, byte as) {
        for (PeerId peer : peers) {
            Candidate c = prepared.byPeer.get(peer);
            if (c != null) {
                role[c.index] = as;
            }
        }
    }

    record Split(Map<PeerId, Candidate> priority, List<Candidate> others) {
    }
}
