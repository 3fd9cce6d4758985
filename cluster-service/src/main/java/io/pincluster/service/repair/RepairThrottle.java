package io.pincluster.service.repair;

import java.time.Duration;
import java.time.Instant;

/**
 * How many moves the planner may submit in a pass: a token bucket that fills at {@code repair_max_pins_per_second}
 * and holds {@link #BURST} of it, with at most that much waiting for its commit. A pass takes what the bucket holds,
 * so passes that come late (a pass over 40,000 candidates takes a second on a loaded leader, and the next one starts a
 * second after it ends) lose no time, and a repair that starts after a quiet time submits two seconds' worth at once.
 *
 * <p>Until session 32 each pass got the rate times the time since the previous pass (one to two seconds), so a repair
 * of 41,000 pins at 20,000 a second left half of them for the second pass, which a starved leader ran 3-4 s after the
 * first (100,000-pin repair benchmark). The long-run rate is the same; only the start is faster. Not thread-safe: the
 * planner's one thread calls it.
 */
final class RepairThrottle {
    /** What the bucket holds, and what may wait for its commit, in seconds of the rate. */
    static final Duration BURST = Duration.ofSeconds(2);

    private final long ratePerSecond;
    private final long capacity; // in thousandths of a move: the rate times the burst's milliseconds
    private long tokens; // thousandths of a move
    private Instant last; // null: full (no pass yet as leader, or leadership was lost)

    /** @param ratePerSecond moves per second on average, at least 1 */
    RepairThrottle(int ratePerSecond) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("a repair rate must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond * BURST.toMillis();
    }

    /**
     * The moves this pass may submit at {@code now} while {@code inFlight} wait for their commit; the caller reports
     * what it submitted with {@link #spent}. A clock that went back adds nothing.
     */
    int budget(Instant now, int inFlight) {
        if (last == null) {
            tokens = capacity;
        } else if (now.isAfter(last)) {
            long millis = Math.min(BURST.toMillis(), Duration.between(last, now).toMillis());
            tokens = Math.min(capacity, tokens + ratePerSecond * millis);
        }
        last = last == null || now.isAfter(last) ? now : last;
        long waitingRoom = ratePerSecond * BURST.toSeconds() - inFlight;
        return (int) Math.max(0, Math.min(tokens / 1000, waitingRoom));
    }

    /** {@code moves} were submitted since the last {@link #budget}. */
    void spent(int moves) {
        tokens = Math.max(0, tokens - moves * 1000L);
    }

    /** Leadership was lost: the next pass as leader starts with a full bucket and an empty waiting room. */
    void reset() {
        last = null;
    }
}
