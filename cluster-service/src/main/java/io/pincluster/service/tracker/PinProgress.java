package io.pincluster.service.tracker;

import java.time.Clock;
import java.time.Instant;

/**
 * The progress of one running pin, shared between the worker doing it and the tracker's stall watchdog. The
 * worker reports every block it stores; the watchdog cancels the pin when no block arrived for the progress
 * timeout. Cancellation is cooperative: the worker checks {@link #throwIfCancelled()} between steps, so a block
 * write is never cut in half.
 */
public final class PinProgress {
    private final Clock clock;
    private volatile Instant lastProgress;
    private volatile long blocks;
    private volatile String cancelReason;

    public PinProgress(Clock clock) {
        this.clock = clock;
        this.lastProgress = clock.instant();
    }

    /** One more block is now held locally. */
    public void blockStored() {
        blocks++;
        lastProgress = clock.instant();
    }

    public long blocksStored() {
        return blocks;
    }

    public Instant lastProgress() {
        return lastProgress;
    }

    /** Asks the worker to stop; the first reason given is kept. */
    public void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
    }

    public boolean isCancelled() {
        return cancelReason != null;
    }

    /** @throws PinCancelledException the pin was cancelled */
    public void throwIfCancelled() {
        String reason = cancelReason;
        if (reason != null) {
            throw new PinCancelledException(reason);
        }
    }
}
