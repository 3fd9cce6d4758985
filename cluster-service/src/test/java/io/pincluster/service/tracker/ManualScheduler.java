package io.pincluster.service.tracker;

import io.pincluster.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} driven by a {@link ManualClock}: tasks run on the test's thread, in due order, when the
 * test calls {@link #advance}.
 */
public final class ManualScheduler implements Scheduler {
    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long seq;

    private final class Task {
        Instant due;
        final Duration period;
        final Runnable body;
        final long order = seq++;
        boolean cancelled;

        Task(Instant due, Duration period, Runnable body) {
            this.due = due;
            this.period = period;
            this.body = body;
        }
    }

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable once(Duration delay, Runnable task) {
        return add(new Task(clock.instant().plus(delay), null, task));
    }

    @Override
    public synchronized Cancellable every(Duration period, Runnable task) {
        return add(new Task(clock.instant().plus(period), period, task));
    }

    private Cancellable add(Task t) {
        tasks.add(t);
        return () -> {
            synchronized (this) {
                t.cancelled = true;
                tasks.remove(t);
            }
        };
    }

    /** Moves the clock forward by {@code d}, running every task that comes due on the way, at its due time. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(target))
                        .min(Comparator.<Task, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                if (next.due.isAfter(clock.instant())) {
                    clock.set(next.due);
                }
                if (next.period == null) {
                    tasks.remove(next);
                } else {
                    next.due = next.due.plus(next.period);
                }
            }
            next.body.run();
        }
        clock.set(target);
    }

    /** One-shot tasks waiting (pending retries). */
    public synchronized long pendingOnce() {
        return tasks.stream().filter(t -> t.period == null).count();
    }

    @Override
    public synchronized void close() {
        tasks.clear();
    }
}
