package io.pincluster.core.state;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where this peer's pinset writes spend their time, stage by stage, as running totals: how many times a stage ran
 * and the nanoseconds it took altogether. The metrics endpoint exports them as summaries without quantiles
 * ({@code _count} and {@code _sum}), so an operator sees which stage a slow pin waits in (the rate of the sum over
 * the rate of the count is that stage's mean), and the requests {@link Stage#QUEUED} counts over the batches the two
 * submit stages count is how many pins shared a log entry. Recording is two adds on striped counters, so every
 * write is timed, not a sample.
 */
public final class WriteStageTimes {
    /** The stages of one write, in order; each says what one of its counts stands for. */
    public enum Stage {
        /** A pin request, from its arrival at this peer's batch submitter until its batch is sent; one per request. */
        QUEUED("queued"),
        /** A batch handed to this peer's own Raft server while it leads, until the answer; one per batch. */
        SUBMIT_LOCAL("submit_local"),
        /** A batch sent to the leader through the Raft client (this peer follows), until the answer; one per batch. */
        SUBMIT_FORWARDED("submit_forwarded"),
        /** Leader: deciding one entry's requests (allocations included); one per log entry. */
        DECIDE("decide"),
        /** Leader: from an entry's decision until it is applied here (log write, a majority's copies, commit). */
        COMMIT("commit"),
        /** Applying one log entry to this peer's replica, on every peer; one per entry. */
        APPLY("apply");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        /** The {@code stage} label value of the exported meter. */
        public String label() {
            return label;
        }
    }

    private final LongAdder[] counts = new LongAdder[Stage.values().length];
    private final LongAdder[] nanos = new LongAdder[Stage.values().length];

    public WriteStageTimes() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
            nanos[i] = new LongAdder();
        }
    }

    /** Counts one run of {@code stage} that took {@code elapsedNanos} (a negative time, from a clock step, as 0). */
    public void record(Stage stage, long elapsedNanos) {
        counts[stage.ordinal()].increment();
        nanos[stage.ordinal()].add(Math.max(0, elapsedNanos));
    }

    /** Times {@code stage} ran since this peer started. */
    public long count(Stage stage) {
        return counts[stage.ordinal()].sum();
    }

    /** The time all those runs took together, in {@code unit}. */
    public double total(Stage stage, TimeUnit unit) {
        return (double) nanos[stage.ordinal()].sum() / unit.toNanos(1);
    }
}
