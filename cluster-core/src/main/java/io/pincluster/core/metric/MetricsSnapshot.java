package io.pincluster.core.metric;

import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics that were valid at one instant, peer → name → metric, keeping the newest per (peer, name).
 * The allocator decides from this alone, so it never needs a clock. Immutable.
 */
public final class MetricsSnapshot {
    private static final Comparator<Metric> NEWEST_FIRST = Comparator
            .comparing(Metric::expire, Comparator.<Instant>reverseOrder())
            .thenComparing(Metric::receivedAt, Comparator.reverseOrder())
            .thenComparingLong(Metric::weight)
            .thenComparing(Metric::value);
    private static final MetricsSnapshot EMPTY = new MetricsSnapshot(Instant.EPOCH, Map.of());

    private final Instant takenAt;
    private final Map<PeerId, Map<String, Metric>> byPeer;

    private MetricsSnapshot(Instant takenAt, Map<PeerId, Map<String, Metric>> byPeer) {
        this.takenAt = takenAt;
        this.byPeer = byPeer;
    }

    public static MetricsSnapshot empty() {
        return EMPTY;
    }

    /**
     * The metrics of {@code metrics} still valid at {@code now}. When one (peer, name) appears several
     * times the one expiring last wins, since it was published last; exact ties go to the later
     * {@code receivedAt}, then to the lower weight (the cautious reading of free space), then to the
     * smaller value, so the snapshot never depends on the order metrics arrived in.
     */
    public static MetricsSnapshot validAt(Instant now, Collection<Metric> metrics) {
        if (now == null) {
            throw new IllegalArgumentException("a snapshot needs the instant it is taken at");
        }
        Map<PeerId, Map<String, Metric>> byPeer = new HashMap<>();
        for (Metric m : metrics) {
            if (!m.isValidAt(now)) {
                continue;
            }
            byPeer.computeIfAbsent(m.peer(), p -> new HashMap<>(8))
                    .merge(m.name(), m, (old, neu) -> NEWEST_FIRST.compare(neu, old) < 0 ? neu : old);
        }
        // Sorted once for a stable iteration order, then hashed: the allocator looks peers up often.
        PeerId[] peers = byPeer.keySet().toArray(PeerId[]::new);
        Arrays.sort(peers);
        Map<PeerId, Map<String, Metric>> ordered = new LinkedHashMap<>(peers.length * 2);
        for (PeerId peer : peers) {
            ordered.put(peer, Collections.unmodifiableMap(byPeer.get(peer)));
        }
        return new MetricsSnapshot(now, Collections.unmodifiableMap(ordered));
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** Peers with at least one valid metric, in peer ID order. */
    public Set<PeerId> peers() {
        return byPeer.keySet();
    }

    /** Every valid metric, peer by peer in peer ID order. */
    public Map<PeerId, Map<String, Metric>> byPeer() {
        return byPeer;
    }

    /** The valid metric {@code name} of {@code peer}, or null when there is none. */
    public Metric get(PeerId peer, String name) {
        Map<String, Metric> names = byPeer.get(peer);
        return names == null ? null : names.get(name);
    }

    /** True when {@code peer} has a valid metric for every name in {@code names}. */
    public boolean hasAll(PeerId peer, List<String> names) {
        Map<String, Metric> metrics = byPeer.get(peer);
        return metrics != null && metrics.keySet().containsAll(names);
    }

    /** This snapshot without the peers outside {@code peerset} (metrics of departed peers linger). */
    public MetricsSnapshot restrictedTo(Set<PeerId> peerset) {
        Map<PeerId, Map<String, Metric>> kept = new LinkedHashMap<>();
        byPeer.forEach((peer, names) -> {
            if (peerset.contains(peer)) {
                kept.put(peer, names);
            }
        });
        return new MetricsSnapshot(takenAt, Collections.unmodifiableMap(kept));
    }

    public int size() {
        return byPeer.size();
    }

    @Override
    public String toString() {
        return "MetricsSnapshot{takenAt=" + takenAt + ", peers=" + byPeer.size() + "}";
    }
}
