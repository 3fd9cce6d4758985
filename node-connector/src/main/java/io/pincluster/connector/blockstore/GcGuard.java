package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Multihash;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a garbage collection from deleting what puts and pins running alongside it need.
 *
 * <p>Puts and pins run under the shared side of a read-write lock. A GC takes the exclusive side only for an
 * instant: to snapshot the pins and switch on a protection set, so every put or pin either finished before
 * the snapshot (and is seen by it) or starts after the switch (and records what it touches in the set). The
 * sweep then skips every protected key, and every key written through an open {@link GuardedWriteSession}. Holding the shared side is a CAS, so puts do not wait on each other.
 */
final class GcGuard {
    private final ReentrantReadWriteLock phases = new ReentrantReadWriteLock();
    private final ReentrantLock oneGcAtATime = new ReentrantLock();
    private final Set<GuardedWriteSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile Set<Multihash> protectedKeys;

    /** The lock puts and pins hold for their whole duration. */
    Lock shared() {
        return phases.readLock();
    }

    /** Records that a running put or pin needs {@code mh}; free when no GC is running. */
    void protect(Multihash mh) {
        Set<Multihash> keys = protectedKeys;
        if (keys != null) {
            keys.add(mh);
        }
    }

    boolean isProtected(Multihash mh) {
        Set<Multihash> keys = protectedKeys;
        if (keys != null && keys.contains(mh)) {
            return true;
        }
        for (GuardedWriteSession session : sessions) {
            if (session.wrote(mh)) {
                return true;
            }
        }
        return false;
    }

    /** Protects every key the session writes until {@link #unregister}. */
    void register(GuardedWriteSession session) {
        sessions.add(session);
    }

    void unregister(GuardedWriteSession session) {
        sessions.remove(session);
    }

    /** Starts a GC: waits for running puts and pins, takes {@code snapshot}, and switches protection on. */
    <T> T begin(Supplier<T> snapshot) {
        oneGcAtATime.lock();
        phases.writeLock().lock();
        try {
            protectedKeys = ConcurrentHashMap.newKeySet();
            return snapshot.get();
        } catch (RuntimeException e) {
            end();
            throw e;
        } finally {
            phases.writeLock().unlock();
        }
    }

    /** Ends the GC that {@link #begin} started, on every path. */
    void end() {
        protectedKeys = null;
        oneGcAtATime.unlock();
    }
}
