package io.pincluster.service.repair;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link RepairPlanner} every {@code period} on one daemon thread, on every peer: off the leader a pass
 * only judges the peers (so this peer knows who is down the moment it becomes leader).
 */
public final class RepairTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairTask.class);

    private final RepairPlanner planner;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "repair-planner");
        t.setDaemon(true);
        return t;
    });

    public RepairTask(RepairPlanner planner, Duration period) {
        this.planner = planner;
        this.period = period;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            planner.pass();
        } catch (RuntimeException e) {
            LOG.warn("repair pass failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
