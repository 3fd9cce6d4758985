package io.pincluster.service.tracker;

import java.time.Duration;

/**
 * How a {@link LocalPinTracker} works through its queue.
 *
 * @param concurrency           pins and unpins worked on at once
 * @param maxQueueSize          CIDs that may wait for a worker; more are turned away with no state of their own
 *                              and queued by a walk of the pinset once the queue is half empty
 * @param reconcileInterval     how often every allocated pin is checked against the store (missing blocks are
 *                              repaired, pins no longer allocated are dropped); zero disables the pass
 * @param progressTimeout       a running pin that stores no block for this long is stopped and retried
 * @param backoff               wait before retrying a failed pin or unpin
 * @param absentRecheckInterval how often, give or take 25%, the pins waiting for a peer that holds their content
 *                              are tried again when nothing woke them earlier (the safety net); zero disables it
 */
public record TrackerSettings(int concurrency, int maxQueueSize, Duration reconcileInterval,
                              Duration progressTimeout, RetryBackoff backoff, Duration absentRecheckInterval) {
    /** The safety net's default: rare enough to cost nothing much, soon enough that nothing waits for hours. */
    public static final Duration DEFAULT_ABSENT_RECHECK_INTERVAL = Duration.ofMinutes(10);

    public TrackerSettings {
        if (concurrency < 1 || maxQueueSize < 1) {
            throw new IllegalArgumentException("concurrency and queue size must be positive");
        }
        if (reconcileInterval.isNegative() || progressTimeout.isNegative() || progressTimeout.isZero()) {
            throw new IllegalArgumentException("reconcile interval must be >= 0 and progress timeout > 0");
        }
        if (absentRecheckInterval.isNegative()) {
            throw new IllegalArgumentException("absent re-check interval must be >= 0");
        }
    }

    /** With the default safety net. */
    public TrackerSettings(int concurrency, int maxQueueSize, Duration reconcileInterval, Duration progressTimeout,
                           RetryBackoff backoff) {
        this(concurrency, maxQueueSize, reconcileInterval, progressTimeout, backoff, DEFAULT_ABSENT_RECHECK_INTERVAL);
    }

    /** ipfs-cluster's defaults where it has them: 10 workers, 2m progress timeout, 12m between passes. */
    public static TrackerSettings defaults() {
        return new TrackerSettings(10, 1_000_000, Duration.ofMinutes(12), Duration.ofMinutes(2),
                new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10)));
    }

    public TrackerSettings withReconcileInterval(Duration d) {
        return new TrackerSettings(concurrency, maxQueueSize, d, progressTimeout, backoff, absentRecheckInterval);
    }

    public TrackerSettings withProgressTimeout(Duration d) {
        return new TrackerSettings(concurrency, maxQueueSize, reconcileInterval, d, backoff, absentRecheckInterval);
    }

    public TrackerSettings withConcurrency(int n) {
        return new TrackerSettings(n, maxQueueSize, reconcileInterval, progressTimeout, backoff, absentRecheckInterval);
    }

    public TrackerSettings withBackoff(RetryBackoff b) {
        return new TrackerSettings(concurrency, maxQueueSize, reconcileInterval, progressTimeout, b,
                absentRecheckInterval);
    }

    public TrackerSettings withAbsentRecheckInterval(Duration d) {
        return new TrackerSettings(concurrency, maxQueueSize, reconcileInterval, progressTimeout, backoff, d);
    }

    /** How often running pins are checked for stalls: a quarter of the timeout, so a stall is caught late by
     * at most 25%. */
    Duration watchdogPeriod() {
        Duration quarter = progressTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : quarter;
    }
}
