package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;

/**
 * Section {@code pin_tracker}: how this peer works through the pins allocated to it and fetches their blocks.
 *
 * @param concurrency       pins worked on at once (ipfs-cluster's concurrent_pins, 10)
 * @param maxQueueSize      pins that may wait for a worker; more keep no state and are queued by a walk of the pinset
 *                          once the queue is half empty
 * @param reconcileInterval how often every allocated pin is checked for missing blocks and repaired, and pins no
 *                          longer allocated are dropped; 0 disables. Read from {@code recover_interval} too (its
 *                          former name).
 * @param progressTimeout   a pin that stores no new block for this long is stopped and retried (ipfs-cluster's
 *                          pin_timeout, which also counts from the last progress)
 * @param retryBackoffMin   wait before the first retry of a failed pin; doubles with each failure
 * @param retryBackoffMax   the longest wait between retries
 * @param fetchConcurrency  blocks of one pin fetched from peers at once
 * @param fetchPeers        the most peers one attempt at a pin asks for its blocks: its allocated peers first (those
 *                          that report it pinned before the others), then the peers its {@code origins} name, then
 *                          other members, in a different order each attempt
 * @param absentRecheckInterval how often, give or take 25% (each peer draws its own period), the pins waiting for a
 *                          peer that holds their content are tried again when nothing woke them earlier; 0 disables
 *                          this safety net
 */
public record PinTrackerSection(int concurrency, int maxQueueSize, Duration reconcileInterval,
                                Duration progressTimeout, Duration retryBackoffMin, Duration retryBackoffMax,
                                int fetchConcurrency, int fetchPeers, Duration absentRecheckInterval) {
    static final String NAME = "pin_tracker";
    /** Peers one attempt asks by default: every other peer of a cluster of up to 9. */
    public static final int DEFAULT_FETCH_PEERS = 8;

    public PinTrackerSection {
        Checks c = new Checks(NAME);
        c.require(concurrency >= 1 && concurrency <= 1000, "concurrency",
                concurrency + " is out of range (1-1000)");
        c.require(maxQueueSize >= 1, "max_queue_size", "must be positive");
        c.require(reconcileInterval != null && !reconcileInterval.isNegative(), "reconcile_interval",
                "must not be negative");
        c.require(progressTimeout != null && progressTimeout.toMillis() >= 1, "progress_timeout",
                "must be at least 1ms");
        c.require(retryBackoffMin != null && retryBackoffMin.toMillis() >= 1, "retry_backoff_min",
                "must be at least 1ms");
        c.require(retryBackoffMax != null && retryBackoffMin != null && retryBackoffMax.compareTo(retryBackoffMin) >= 0,
                "retry_backoff_max", "must not be below retry_backoff_min");
        c.require(fetchConcurrency >= 1 && fetchConcurrency <= 256, "fetch_concurrency",
                fetchConcurrency + " is out of range (1-256)");
        c.require(fetchPeers >= 1 && fetchPeers <= 1000, "fetch_peers", fetchPeers + " is out of range (1-1000)");
        c.require(absentRecheckInterval != null && !absentRecheckInterval.isNegative(), "absent_recheck_interval",
                "must not be negative");
        c.throwIfAny();
    }

    public static PinTrackerSection defaults() {
        return new PinTrackerSection(10, 1_000_000, Duration.ofMinutes(12), Duration.ofMinutes(2),
                Duration.ofSeconds(5), Duration.ofMinutes(10), 8, DEFAULT_FETCH_PEERS, Duration.ofMinutes(10));
    }

    public PinTrackerSection withReconcileInterval(Duration d) {
        return new PinTrackerSection(concurrency, maxQueueSize, d, progressTimeout, retryBackoffMin,
                retryBackoffMax, fetchConcurrency, fetchPeers, absentRecheckInterval);
    }

    static PinTrackerSection read(SectionReader r, PinTrackerSection d) {
        return new PinTrackerSection(r.integer("concurrency", d.concurrency()),
                r.integer("max_queue_size", d.maxQueueSize()),
                r.renamedDuration("reconcile_interval", "recover_interval", d.reconcileInterval()),
                r.duration("progress_timeout", d.progressTimeout()),
                r.duration("retry_backoff_min", d.retryBackoffMin()),
                r.duration("retry_backoff_max", d.retryBackoffMax()),
                r.integer("fetch_concurrency", d.fetchConcurrency()),
                r.integer("fetch_peers", d.fetchPeers()),
                r.duration("absent_recheck_interval", d.absentRecheckInterval()));
    }

    void writeTo(ObjectNode o) {
        o.put("concurrency", concurrency);
        o.put("max_queue_size", maxQueueSize);
        o.put("reconcile_interval", GoDuration.format(reconcileInterval));
        o.put("progress_timeout", GoDuration.format(progressTimeout));
        o.put("retry_backoff_min", GoDuration.format(retryBackoffMin));
        o.put("retry_backoff_max", GoDuration.format(retryBackoffMax));
        o.put("fetch_concurrency", fetchConcurrency);
        o.put("fetch_peers", fetchPeers);
        o.put("absent_recheck_interval", GoDuration.format(absentRecheckInterval));
    }
}
