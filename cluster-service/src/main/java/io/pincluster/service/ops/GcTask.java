package io.pincluster.service.ops;

import io.pincluster.service.connector.GarbageCollector;
import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's garbage collection every {@code connector.gc_interval} on a thread of its own, so unpinned
 * blocks and blocks of failed imports are freed without anyone asking (blocks fetched for the gateway are not in
 * the store: its bounded cache drops them). The collector serializes this run with requested ones.
 */
public final class GcTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GcTask.class);

    private final PeriodicTask timer;

    /** @param interval positive; the first run comes one interval after {@link #start} */
    public GcTask(GarbageCollector gc, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        // the collector logs what it freed; a failure waits for the next run
        this.timer = new PeriodicTask("store-gc", interval, Duration.ofSeconds(10), gc::collect,
                (e, closing) -> LOG.warn("scheduled garbage collection failed: {}", e.toString()));
    }

    public void start() {
        timer.start();
    }

    @Override
    public void close() {
        timer.close();
    }
}
