package io.pincluster.cold.archive;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A {@link Throttle} of {@code bytesPerSecond} with bursts up to {@code burstBytes}: tokens accrue with time up to
 * the burst, and a caller that takes more than there are waits until the debt is paid. Debt instead of refusal
 * lets one call move more than the burst (a whole block or part) while the average still holds. Thread-safe:
 * concurrent jobs sharing one bucket share its rate.
 */
public final class TokenBucket implements Throttle {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long bytesPerSecond;
    private final long burstBytes;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefill;

    /** How a caller waits; a test passes one that advances its own clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedIOException;
    }

    public TokenBucket(long bytesPerSecond, long burstBytes) {
        this(bytesPerSecond, burstBytes, System::nanoTime, TokenBucket::park);
    }

    TokenBucket(long bytesPerSecond, long burstBytes, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond < 1 || burstBytes < 1) {
            throw new IllegalArgumentException("a throttle needs a positive rate and burst: " + bytesPerSecond
                    + " B/s, burst " + burstBytes + " B");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.tokens = burstBytes;
        this.lastRefill = nanoClock.getAsLong();
    }

    @Override
    public void acquire(long bytes) throws InterruptedIOException {
        long wait;
        synchronized (this) {
            refill();
            tokens -= bytes;
            // the debt is paid by this caller's wait; later callers see it and queue behind
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond);
        }
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burstBytes, tokens + (double) (now - lastRefill) * bytesPerSecond / NANOS_PER_SECOND);
        lastRefill = now;
    }

    private static void park(long nanos) throws InterruptedIOException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }
}
