package io.pincluster.cold.archive;

import java.io.InterruptedIOException;

/**
 * Paces bytes moved by archive and restore jobs, so that they leave disk and network to serving traffic. Called
 * before the bytes move; it may block.
 */
@FunctionalInterface
public interface Throttle {
    /** No pacing. */
    Throttle NONE = bytes -> { };

    /**
     * Waits until {@code bytes} more may move.
     *
     * @throws InterruptedIOException the waiting thread was interrupted (its interrupt flag is set again)
     */
    void acquire(long bytes) throws InterruptedIOException;
}
