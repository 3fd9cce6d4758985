package io.pincluster.service.tracker;

import java.time.Duration;

/**
 * How long a failed pin or unpin waits before its next attempt: {@code min} after the first failure, doubling
 * with each further failure, never more than {@code max}. Without jitter: retries of different CIDs spread
 * anyway, because they failed at different times.
 */
public record RetryBackoff(Duration min, Duration max) {
    public RetryBackoff {
        if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("retry backoff needs 0 < min <= max, got " + min + " and " + max);
        }
    }

    /** The wait after {@code failures} failed attempts (1 = the first failure). */
    public Duration delayAfter(int failures) {
        if (failures <= 1) {
            return min;
        }
        int doublings = Math.min(failures - 1, 62);
        long factor = 1L << doublings;
        long minNanos = min.toNanos();
        if (minNanos > max.toNanos() / factor) { // the product would pass max (or overflow)
            return max;
        }
        return Duration.ofNanos(minNanos * factor);
    }
}
