package io.pincluster.service.monitor;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code tag:<key>} metric per configured tag ({@code cluster.tags}). {@code tag:zone} is always
 * published, "default" when no zone is configured, because the default {@code allocate_by} partitions by
 * it and a peer missing an {@code allocate_by} metric is never a candidate.
 */
public final class TagsInformer implements Informer {
    public static final String ZONE_KEY = "zone";
    public static final String DEFAULT_ZONE = "default";

    private final PeerId self;
    private final Map<String, String> tags;

    public TagsInformer(PeerId self, Map<String, String> configured) {
        this.self = self;
        Map<String, String> t = new LinkedHashMap<>(configured);
        String zone = t.get(ZONE_KEY);
        if (zone == null || zone.isBlank()) {
            t.put(ZONE_KEY, DEFAULT_ZONE);
        }
        this.tags = Map.copyOf(t);
    }

    /** The tags published, zone included. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public List<Metric> collect(Instant expire) {
        List<Metric> out = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> out.add(Metric.tag(self, k, v, expire)));
        out.sort(Comparator.comparing(Metric::name));
        return out;
    }
}
