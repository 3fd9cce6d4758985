package io.pincluster.consensus.ratis;

import java.util.concurrent.TimeUnit;

/** Lets a writer wait until its entry is applied on this peer (read-your-writes on followers too). */
final class AppliedIndexWaiter {
    private long applied;
    private int waiters;

    synchronized void advanced(long index) {
        if (index > applied) {
            applied = index;
            if (waiters > 0) {
                notifyAll();
            }
        }
    }

    /** @return true once {@code index} is applied, false if the timeout passed first */
    synchronized boolean await(long index, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        waiters++;
        try {
            while (applied < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } finally {
            waiters--;
        }
    }
}
