package io.pincluster.service.external;

import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link ExternalReconciler} every {@code period} on one daemon thread on every peer; it acts if leading. */
public final class ExternalTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalTask.class);

    private final PeriodicTask timer;

    public ExternalTask(ExternalReconciler reconciler, Duration period) {
        // close waits 5 s: a call in flight ends within the request timeout
        this.timer = new PeriodicTask("external-services", period, Duration.ofSeconds(5), reconciler::pass,
                (e, closing) -> LOG.warn("external services pass failed: {}", e.toString(), e));
    }

    public void start() {
        timer.start();
    }

    @Override
    public void close() {
        timer.close();
    }
}
