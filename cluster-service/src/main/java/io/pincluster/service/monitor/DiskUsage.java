package io.pincluster.service.monitor;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.Optional;

/**
 * How full a peer's store is, as its {@code diskusage} metric carries it: bytes used and the capacity they count
 * against (the store's size limit, or less when its disk has less room).
 */
public record DiskUsage(long used, long capacity) {
    private static final long PPM = 1_000_000;

    public DiskUsage {
        if (used < 0 || capacity <= 0) {
            throw new IllegalArgumentException("disk usage needs used >= 0 and capacity > 0: " + used + "/"
                    + capacity);
        }
    }

    /** The used share of the capacity (may exceed 1 when the limit was lowered below what is stored). */
    public double fraction() {
        return (double) used / capacity;
    }

    /** Bytes to free to get down to {@code mark} of the capacity; 0 when already there. */
    public long excessOver(double mark) {
        return Math.max(0, used - (long) Math.floor(mark * capacity));
    }

    Metric toMetric(PeerId peer, Instant expire) {
        long ppm = (long) Math.min(Long.MAX_VALUE, fraction() * PPM);
        return new Metric(MetricNames.DISKUSAGE, peer, used + "/" + capacity, ppm, false, expire, null);
    }

    /** The usage a {@code diskusage} metric carries, or empty when its value is not {@code used/capacity}. */
    public static Optional<DiskUsage> of(Metric m) {
        String v = m.value();
        int slash = v.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DiskUsage(Long.parseLong(v.substring(0, slash)),
                    Long.parseLong(v.substring(slash + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
