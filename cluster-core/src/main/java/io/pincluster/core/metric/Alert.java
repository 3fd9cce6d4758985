package io.pincluster.core.metric;

import java.time.Instant;

/**
 * A metric that expired without being renewed, as ipfs-cluster's {@code api.Alert}: the last metric seen
 * from that peer under that name, and when the monitor noticed it had expired. On the wire it is the
 * metric's JSON plus {@code triggered_at}.
 */
public record Alert(Metric metric, Instant triggeredAt) {
    public Alert {
        if (metric == null || triggeredAt == null) {
            throw new IllegalArgumentException("an alert needs the expired metric and the time it was raised");
        }
    }

    /** {@code triggeredAt} in Unix nanoseconds, as {@code triggered_at} is carried in JSON. */
    public long triggeredAtUnixNanos() {
        return Metric.toUnixNanos(triggeredAt);
    }
}
