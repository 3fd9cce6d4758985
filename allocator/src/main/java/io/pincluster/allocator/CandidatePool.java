package io.pincluster.allocator;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the metrics snapshot into {@link Candidate}s: who qualifies (a valid metric for every
 * {@code allocate_by} name) and who has room (free space minus pending bytes above the reserve, and
 * at least pin size + reserve when the size is known).
 */
final class CandidatePool {
    private final String[] levels;
    private final boolean[] grouping;
    private final int capacityLevel;
    private final long reserveBytes;

    CandidatePool(AllocatorConfig config) {
        this.levels = config.allocateBy().toArray(String[]::new);
        this.grouping = new boolean[levels.length];
        int capacity = -1;
        for (int i = 0; i < levels.length; i++) {
            grouping[i] = MetricNames.isTag(levels[i]);
            if (!grouping[i]) {
                capacity = i;
            }
        }
        this.capacityLevel = capacity;
        this.reserveBytes = config.reserveBytes();
    }

    String[] levels() {
        return levels;
    }

    boolean[] grouping() {
        return grouping;
    }

    /** The peer as a candidate, or null when one of its {@code allocate_by} metrics is missing or expired. */
    Candidate describe(PeerId peer, Map<String, Metric> metrics, Map<PeerId, Long> pending) {
        if (metrics == null) {
            return null;
        }
        String[] values = new String[levels.length];
        long[] weights = new long[levels.length];
        for (int i = 0; i < levels.length; i++) {
            Metric m = metrics.get(levels[i]);
            if (m == null) {
                return null;
            }
            values[i] = m.value();
            weights[i] = MetricNames.FREESPACE.equals(levels[i]) ? freeAfterPending(m, peer, pending) : m.weight();
        }
        return new Candidate(peer, values, weights, capacityLevel < 0 ? 0 : weights[capacityLevel]);
    }

    /**
     * True when the peer can take a pin of {@code dagSize} bytes (-1 = unknown). Without a free-space
     * metric there is nothing to judge by, so the peer is not excluded (allocate_by decides whether
     * free space is required at all).
     */
    boolean hasRoom(PeerId peer, Map<String, Metric> metrics, Map<PeerId, Long> pending, long dagSize) {
        Metric free = metrics.get(MetricNames.FREESPACE);
        if (free == null) {
            return true;
        }
        long usable = saturatingSubtract(freeAfterPending(free, peer, pending), reserveBytes);
        return usable > 0 && (dagSize < 0 || usable >= dagSize);
    }

    /**
     * The peers that may receive new copies, split into the user's preferred ones (keyed by peer) and
     * the rest, both leaving out {@code exclude} (the valid current holders).
     */
    Split split(Map<PeerId, Map<String, Metric>> snapshot, Set<PeerId> exclude, List<PeerId> preferred,
                Map<PeerId, Long> pending, long dagSize) {
        Set<PeerId> wanted = preferred.isEmpty() ? Set.of() : new HashSet<>(preferred);
        List<Candidate> others = new ArrayList<>(snapshot.size());
        Map<PeerId, Candidate> priority = new HashMap<>();
        for (Map.Entry<PeerId, Map<String, Metric>> e : snapshot.entrySet()) {
            PeerId peer = e.getKey();
            if (exclude.contains(peer) || !hasRoom(peer, e.getValue(), pending, dagSize)) {
                continue;
            }
            Candidate c = describe(peer, e.getValue(), pending);
            if (c == null) {
                continue;
            }
            if (wanted.contains(peer)) {
                priority.put(peer, c);
            } else {
                others.add(c);
            }
        }
        return new Split(priority, others);
    }

    record Split(Map<PeerId, Candidate> priority, List<Candidate> others) {
    }

    private static long freeAfterPending(Metric free, PeerId peer, Map<PeerId, Long> pending) {
        if (pending.isEmpty()) {
            return free.weight();
        }
        Long promised = pending.get(peer);
        return promised == null ? free.weight() : saturatingSubtract(free.weight(), promised);
    }

    static long saturatingSubtract(long a, long b) {
        long r = a - b;
        // Overflow iff the operands have different signs and the result's sign differs from a's.
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
