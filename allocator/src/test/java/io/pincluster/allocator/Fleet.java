package io.pincluster.allocator;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test peers and their metrics, described compactly: {@code "a1:A:100 b1:B:250x"} is peer a1 in zone A
 * with 100 GB free and peer b1 in zone B with 250 GB whose metrics have expired ({@code x}). A zone of
 * {@code -} publishes no zone tag; a free space of {@code -} publishes no free-space metric.
 */
final class Fleet {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long GB = 1_000_000_000L;

    private final List<Metric> metrics = new ArrayList<>();

    /**
     * Peer IDs built from a fake Ed25519 key that is the name zero-padded to 32 bytes: they are valid
     * {@code 12D3KooW...} IDs and sort like the names, so expected orders stay readable.
     */
    static PeerId peer(String name) {
        byte[] proto = new byte[36];
        proto[0] = 0x08;
        proto[1] = 0x01;
        proto[2] = 0x12;
        proto[3] = 0x20;
        byte[] key = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(key, 0, proto, 4, Math.min(32, key.length));
        return PeerId.ofPublicKeyProto(proto);
    }

    static List<PeerId> peers(String names) {
        return names.isBlank() ? List.of() : Arrays.stream(names.trim().split("\\s+")).map(Fleet::peer).toList();
    }

    static Fleet of(String spec) {
        Fleet fleet = new Fleet();
        for (String entry : spec.trim().split("\\s+")) {
            String[] f = entry.split(":");
            boolean expired = f[2].endsWith("x");
            String free = expired ? f[2].substring(0, f[2].length() - 1) : f[2];
            fleet.add(f[0], f[1], free.equals("-") ? null : (long) (Double.parseDouble(free) * GB), expired);
        }
        return fleet;
    }

    Fleet add(String name, String zone, Long freeBytes, boolean expired) {
        Instant expire = expired ? NOW.minusSeconds(1) : NOW.plus(Duration.ofSeconds(30));
        PeerId p = peer(name);
        if (!"-".equals(zone)) {
            metrics.add(Metric.tag(p, "zone", zone, expire));
        }
        if (freeBytes != null) {
            metrics.add(Metric.freeSpace(p, freeBytes, expire));
        }
        metrics.add(new Metric(MetricNames.PING, p, "{}", 0, false, expire, NOW.minusSeconds(5)));
        return this;
    }

    List<Metric> metrics() {
        return metrics;
    }

    MetricsSnapshot snapshot() {
        return MetricsSnapshot.validAt(NOW, metrics);
    }
}
