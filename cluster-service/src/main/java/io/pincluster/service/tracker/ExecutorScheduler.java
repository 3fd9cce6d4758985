package io.pincluster.service.tracker;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Scheduler} on daemon threads. Two threads, so a long reconcile pass does not hold up the stall watchdog
 * or the retries. A task that throws is logged and, if periodic, keeps its schedule.
 */
public final class ExecutorScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(String name) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true); // cancelled retries must not pile up in the queue
        this.executor = e;
    }

    @Override
    public Cancellable once(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduled tracker task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
