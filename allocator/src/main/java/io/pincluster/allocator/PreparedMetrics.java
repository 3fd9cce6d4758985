package io.pincluster.allocator;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metrics snapshot digested for one {@code allocate_by} list: the qualified peers (a valid metric
 * for every name) as {@link Candidate}s with their raw weights. Depends only on the snapshot, so the
 * allocator builds it once and reuses it for every pin decided from the same snapshot.
 */
final class PreparedMetrics {
    final MetricsSnapshot snapshot;
    final List<Candidate> qualified;
    final Map<PeerId, Candidate> byPeer;
    /** Per level, how many distinct values tag levels have (the range of {@link Candidate#groupIds}). */
    final int[] distinctValues;

    private PreparedMetrics(MetricsSnapshot snapshot, List<Candidate> qualified, Map<PeerId, Candidate> byPeer,
                            int[] distinctValues) {
        this.snapshot = snapshot;
        this.qualified = qualified;
        this.byPeer = byPeer;
        this.distinctValues = distinctValues;
    }

    static PreparedMetrics of(MetricsSnapshot snapshot, Levels levels) {
        int n = levels.count();
        List<Map<String, Integer>> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new HashMap<>());
        }
        List<Candidate> qualified = new ArrayList<>(snapshot.size());
        Map<PeerId, Candidate> byPeer = new HashMap<>(snapshot.size() * 2);
        for (Map.Entry<PeerId, Map<String, Metric>> e : snapshot.byPeer().entrySet()) {
            Candidate c = describe(e.getKey(), qualified.size(), e.getValue(), levels, ids);
            if (c != null) {
                qualified.add(c);
                byPeer.put(c.peer, c);
            }
        }
        int[] distinct = new int[n];
        for (int i = 0; i < n; i++) {
            distinct[i] = ids.get(i).size();
        }
        return new PreparedMetrics(snapshot, Collections.unmodifiableList(qualified), byPeer, distinct);
    }

    private static Candidate describe(PeerId peer, int index, Map<String, Metric> metrics, Levels levels,
                                      List<Map<String, Integer>> ids) {
        int n = levels.count();
        String[] values = new String[n];
        int[] groupIds = new int[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            Metric m = metrics.get(levels.name(i));
            if (m == null) {
                return null;
            }
            values[i] = m.value();
            weights[i] = m.weight();
            if (levels.grouping(i)) {
                Map<String, Integer> seen = ids.get(i);
                Integer id = seen.get(m.value());
                if (id == null) {
                    id = seen.size();
                    seen.put(m.value(), id);
                }
                groupIds[i] = id;
            } else {
                groupIds[i] = -1;
            }
        }
        Metric free = metrics.get(MetricNames.FREESPACE);
        return new Candidate(peer, index, values, groupIds, weights, levels.capacityLevel() < 0 ? 0
                : weights[levels.capacityLevel()], free != null, free == null ? 0 : free.weight());
    }
}
