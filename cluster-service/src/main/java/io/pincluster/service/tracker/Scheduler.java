package io.pincluster.service.tracker;

import java.time.Duration;

/**
 * Runs the tracker's timed work: retries after a backoff, the stall watchdog and the periodic reconcile. An
 * interface so tests drive time by hand instead of sleeping.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable once(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, the first time after one period; runs never overlap. */
    Cancellable every(Duration period, Runnable task);

    /** Stops running tasks; tasks not yet due are dropped. */
    @Override
    void close();

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
