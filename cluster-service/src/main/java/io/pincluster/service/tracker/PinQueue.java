package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CIDs waiting for a worker, bounded. Work on a new pinset change goes before repairs, repairs before
 * retries of failures (a stuck CID must not starve fresh pins); within a class, first come first served.
 * Thread-safe; {@link #take} blocks until work is there.
 */
final class PinQueue {

    /** Why a CID is queued; the order of the constants is the order of service. */
    enum Priority {
        NEW, REPAIR, RETRY
    }

    private record Job(Cid cid, Priority priority, long seq) implements Comparable<Job> {
        @Override
        public int compareTo(Job o) {
            int c = priority.compareTo(o.priority);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final int capacity;
    private final PriorityQueue<Job> jobs = new PriorityQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long nextSeq;

    PinQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code cid}; false when the queue is full. */
    boolean offer(Cid cid, Priority priority) {
        lock.lock();
        try {
            if (jobs.size() >= capacity) {
                return false;
            }
            jobs.add(new Job(cid, priority, nextSeq++));
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next CID to work on, waiting at most {@code timeoutMillis}; null when none came. */
    Cid poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            while (jobs.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return jobs.poll().cid();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            lock.unlock();
        }
    }
}
