package io.pincluster.service.tracker;

import io.pincluster.core.peer.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tracker's catch-up walks ({@link Reconciliation#catchUp}) on a thread of their own, one at a time: a walk
 * asked for during a walk runs once more when that one ends, and reads the pinset as it is by then. A whole walk
 * (the start, a snapshot installed) reads everything; a walk for the pins the full queue turned away reads only
 * what they may be in ({@link TrackedWork#walkBegins}) and stops when the queue turns a CID away again.
 */
final class CatchUpWalks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpWalks.class);

    private final PeerId self;
    private final Reconciliation reconciliation;
    private final TrackedWork work;
    private final Object lock = new Object();
    // Guarded by lock: the last walk's thread, whether one runs, whether another (and a whole one) was asked for.
    private Thread thread;
    private boolean walking;
    private boolean again;
    private boolean wholeAsked;
    private volatile boolean closed;

    CatchUpWalks(PeerId self, Reconciliation reconciliation, TrackedWork work) {
        this.self = self;
        this.reconciliation = reconciliation;
        this.work = work;
    }

    /** Walks the whole pinset and every local pin, queueing what differs. */
    void whole() {
        walk(true);
    }

    /** Walks for the pins the full queue turned away, now that it has room (called on a worker). */
    void forTurnedAway() {
        LOG.info("{}: the pin queue has room again: walking the pinset for the pins it turned away", self);
        walk(false);
    }

    private void walk(boolean whole) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            wholeAsked |= whole;
            if (walking) {
                again = true;
                return;
            }
            walking = true;
            thread = new Thread(this::walkUntilNoneAsked, "pin-tracker-catch-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void walkUntilNoneAsked() {
        while (true) {
            boolean whole;
            synchronized (lock) {
                whole = wholeAsked;
                wholeAsked = false;
            }
            Reconciliation.WalkScope backlog = work.walkBegins();
            // A walk stops when the full queue turns a CID away: the rest would be turned away too.
            int queued = reconciliation.catchUp(whole ? Reconciliation.WalkScope.ALL : backlog,
                    () -> closed || work.turnedAwayInWalk());
            if (work.turnedAwayInWalk()) {
                LOG.info("{}: pin tracker walk stopped after queueing {} CIDs: the pin queue is full; it walks again "
                        + "when the queue is half empty", self, queued);
            } else {
                LOG.info("{}: pin tracker caught up: {} CIDs queued", self, queued);
            }
            if (work.walkEnded(!closed)) {
                LOG.info("{}: every pin the full queue turned away has been queued", self);
            }
            synchronized (lock) {
                if (!again || closed) {
                    walking = false;
                    return;
                }
                again = false;
            }
        }
    }

    /** Stops asking for walks; a running walk stops at its next CID and is waited for. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
