package io.pincluster.service.ops;

import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
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
    private final PeriodicTask timer;

    /**
     * @param sweep removes the pins expired by now and returns how many; a no-op off the leader
     */
    public ExpiryTask(IntSupplier sweep, Duration interval) {
        this.sweep = sweep;
        // runOnce catches its own failures; close does not wait for a sweep in flight
        this.timer = new PeriodicTask("pin-expiry", interval, Duration.ZERO, this::runOnce,
                (e, closing) -> LOG.warn("expiry sweep failed: {}", e.getMessage()));
    }

    public void start() {
        timer.start();
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
        timer.close();
    }
}
