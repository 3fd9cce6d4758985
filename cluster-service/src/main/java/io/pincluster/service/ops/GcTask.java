package io.pincluster.service.ops;

import io.pincluster.service.connector.GarbageCollector;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's garbage collection every {@code connector.gc_interval} on a thread of its own, so unpinned
 * blocks and blocks of failed imports are freed without anyone asking (blocks fetched for the gateway are not in
 * the store: its bounded cache drops them). The collector serializes this run with requested ones.
 */
public final class GcTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GcTask.class);

    private final GarbageCollector gc;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-gc");
        t.setDaemon(true);
        return t;
    });

    /** @param interval positive; the first run comes one interval after {@link #start} */
    public GcTask(GarbageCollector gc, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.gc = gc;
        this.interval = interval;
    }

    public void start() {
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            gc.collect(); // the collector logs what it freed
        } catch (RuntimeException e) {
            LOG.warn("scheduled garbage collection failed: {}", e.toString()); // next run tries again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
