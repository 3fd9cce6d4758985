package io.pincluster.connector.blockstore;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks picked by key hash: operations on one key are serialized while different keys rarely
 * contend, without keeping a lock object per key.
 */
final class LockStripes {
    private final ReentrantLock[] locks;

    LockStripes(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("stripe count must be a power of two: " + count);
        }
        locks = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock forKey(Object key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        return locks[h & (locks.length - 1)];
    }
}
