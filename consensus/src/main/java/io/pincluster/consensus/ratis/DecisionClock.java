package io.pincluster.consensus.ratis;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time the leader decides by: its own clock, but never earlier than a time already in the log. Every applied
 * decision's time (a pin's timestamp, an expiry's decision time, a snapshot's) is {@linkplain #observe observed},
 * so a new leader whose clock is behind the previous one's decides at the log's time instead: a pin the log
 * treated as expired stays expired, and an {@code expire_at} the log's time has passed is refused as in the past.
 * Thread-safe.
 */
final class DecisionClock {
    private final Clock clock;
    private final AtomicReference<Instant> latest = new AtomicReference<>(Instant.MIN);

    DecisionClock(Clock clock) {
        this.clock = clock;
    }

    /** A decision time read from the log (or a snapshot). */
    void observe(Instant t) {
        if (t != null) {
            latest.accumulateAndGet(t, DecisionClock::later);
        }
    }

    /** The latest time the log holds, {@link Instant#MIN} when none yet. */
    Instant latest() {
        return latest.get();
    }

    /** The time of a decision made now: max(latest time in the log, this peer's clock); it becomes the latest. */
    Instant now() {
        return latest.accumulateAndGet(clock.instant(), DecisionClock::later);
    }

    /** As {@link #now()} without claiming it: for reads that decide nothing themselves (the expiry sweep's scan). */
    Instant peek() {
        return later(latest.get(), clock.instant());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
