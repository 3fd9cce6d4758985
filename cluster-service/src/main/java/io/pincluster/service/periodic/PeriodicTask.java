package io.pincluster.service.periodic;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One job run again and again on a daemon thread of its own (daemon: a loop must never keep a stopping peer alive).
 * The first run comes one period after {@link #start}, each next one a period after the last one ended, so a slow
 * run delays the next instead of piling runs up. A run that throws is handed to the owner's {@link Failure} handler
 * and the schedule goes on: a bucket or a leader out of reach for one run must not end the loop for the life of the
 * peer. {@link #close} interrupts a run in flight and waits for it up to the owner's bound.
 *
 * <p>The owner keeps what differs between loops: what a run does (and whether it acts off the leader: the owners'
 * passes are called directly too, by tests and operators, so the check belongs to them), and what it counts and logs
 * on a failure, under its own logger and words. Thread-safe.
 */
public final class PeriodicTask implements AutoCloseable {
    /** One run; what it throws goes to the {@link Failure} handler, not up the schedule (which it would end). */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    /** Told of each run that threw, on the task's thread. */
    @FunctionalInterface
    public interface Failure {
        /**
         * @param closing true when the task is closing: the run most likely threw because {@link #close}
         *                interrupted its request, which says nothing of what the request was asking
         */
        void failed(Exception error, boolean closing);
    }

    private final Duration period;
    private final Duration closeWait;
    private final Run run;
    private final Failure onFailure;
    private final ScheduledExecutorService timer;

    /**
     * Nothing runs before {@link #start}.
     *
     * @param threadName the thread's name, as thread dumps and log lines show it
     * @param period     between the end of one run and the start of the next, and before the first
     * @param closeWait  how long {@link #close} waits for a run in flight to end; zero: it does not wait
     */
    public PeriodicTask(String threadName, Duration period, Duration closeWait, Run run, Failure onFailure) {
        Objects.requireNonNull(threadName, "threadName");
        this.period = Objects.requireNonNull(period, "period");
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        this.run = Objects.requireNonNull(run, "run");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the job every period from now on.
     *
     * @throws IllegalArgumentException the period is under a millisecond (owners with an "off" value check first)
     */
    public void start() {
        long every = period.toMillis();
        timer.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code once} on the task's thread now, so before any periodic run that is not due yet, and never at the
     * same time as one. What it throws is lost: it should catch and log its own failures.
     */
    public void execute(Runnable once) {
        timer.execute(once);
    }

    private void runOnce() {
        try {
            run.run();
        } catch (Exception e) {
            onFailure.failed(e, timer.isShutdown());
        }
    }

    /** Stops the schedule, interrupts a run in flight and waits for it up to {@code closeWait}. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (closeWait.isZero()) {
            return;
        }
        try {
            timer.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
