package io.pincluster.service.ops;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the removal of expired pins every {@code cluster.state_sync_interval}. The sweep itself belongs to the
 * consensus ({@link io.pincluster.core.component.ReplicatedPinset#expireDue}): it acts only on the leader, so one peer issues each removal, and
 * the removals go through the log so every replica drops the pins.
 */
public final class ExpiryTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryTask.class);

    private final IntSupplier sweep;
    private final Duration interval;
    private final ScheduledExecutorService timer;

    /**
     * @param sweep removes the pins expired by now and returns how many; a no-op off the leader
     */
    public ExpiryTask(IntSupplier sweep, Duration interval) {
        this.sweep = sweep;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pin-expiry");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** One sweep; failures are logged, never thrown, so the schedule survives them. Returns pins removed. */
    public int runOnce() {
        try {
            int removed = sweep.getAsInt();
            if (removed > 0) {
                LOG.info("removed {} expired pins", removed);
            }
            return removed;
        } catch (RuntimeException e) {
            LOG.warn("expiry sweep failed: {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
