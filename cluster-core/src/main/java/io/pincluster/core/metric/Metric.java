package io.pincluster.core.metric;

import io.pincluster.core.peer.PeerId;
import java.time.Instant;

/**
 * One measurement published by one peer, as ipfs-cluster's {@code api.Metric}: {@code value} is the
 * human form, {@code weight} the number the allocator ranks by (higher ranks first), and
 * {@code partitionable} says whether peers sharing a value form one group (tags) or each peer stands
 * alone (free space). {@code valid} in the JSON form is not stored: it is {@link #isValidAt(Instant)}
 * at the time of the answer.
 */
public record Metric(String name, PeerId peer, String value, long weight, boolean partitionable,
                     Instant expire, Instant receivedAt) {
    public Metric {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (peer == null) {
            throw new IllegalArgumentException("metric '" + name + "' has no peer");
        }
        if (expire == null) {
            throw new IllegalArgumentException("metric '" + name + "' of " + peer + " has no expiry");
        }
        value = value == null ? "" : value;
        receivedAt = receivedAt == null ? Instant.EPOCH : receivedAt;
    }

    /** A free-space metric: value and weight are both the free bytes. */
    public static Metric freeSpace(PeerId peer, long freeBytes, Instant expire) {
        return new Metric(MetricNames.FREESPACE, peer, Long.toString(freeBytes), freeBytes, false, expire, null);
    }

    /** A tag metric ({@code tag:<key>} = value); tags weigh nothing and group peers by value. */
    public static Metric tag(PeerId peer, String key, String value, Instant expire) {
        return new Metric(MetricNames.tag(key), peer, value, 0, true, expire, null);
    }

    /** True while {@code now} is strictly before the expiry. */
    public boolean isValidAt(Instant now) {
        return now.isBefore(expire);
    }

    /** {@code expire} as ipfs-cluster's JSON carries it: Unix nanoseconds. */
    public long expireUnixNanos() {
        return toUnixNanos(expire);
    }

    /** {@code receivedAt} as ipfs-cluster's JSON carries it ({@code received_at}): Unix nanoseconds. */
    public long receivedAtUnixNanos() {
        return toUnixNanos(receivedAt);
    }

    /** Unix nanoseconds of {@code t}, saturating outside the years 1678..2262 that int64 nanoseconds cover. */
    public static long toUnixNanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    public static Instant fromUnixNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    public Metric receivedAt(Instant when) {
        return new Metric(name, peer, value, weight, partitionable, expire, when);
    }
}
