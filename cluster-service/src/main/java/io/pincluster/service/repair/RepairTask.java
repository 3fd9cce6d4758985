package io.pincluster.service.repair;

import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link RepairPlanner} every {@code period} on one daemon thread, on every peer: off the leader a pass
 * only judges the peers (so this peer knows who is down the moment it becomes leader).
 */
public final class RepairTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairTask.class);

    private final PeriodicTask timer;

    public RepairTask(RepairPlanner planner, Duration period) {
        // close does not wait for a pass in flight; a failure is logged even while closing
        this.timer = new PeriodicTask("repair-planner", period, Duration.ZERO, planner::pass,
                (e, closing) -> LOG.warn("repair pass failed: {}", e.toString(), e));
    }

    public void start() {
        timer.start();
    }

    @Override
    public void close() {
        timer.close();
    }
}
