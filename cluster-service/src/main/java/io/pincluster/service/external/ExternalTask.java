package io.pincluster.service.external;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link ExternalReconciler} every {@code period} on one daemon thread on every peer; it acts if leading. */
public final class ExternalTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalTask.class);

    private final ExternalReconciler reconciler;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "external-services");
        t.setDaemon(true);
        return t;
    });

    public ExternalTask(ExternalReconciler reconciler, Duration period) {
        this.reconciler = reconciler;
        this.period = period;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            reconciler.pass();
        } catch (RuntimeException e) {
            LOG.warn("external services pass failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS); // a call in flight ends within the request timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
