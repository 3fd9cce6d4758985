package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.repair.AllocationChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The automatic allocation changes this peer made as leader, newest first, bounded: which pin moved, from which
 * peers to which, why and when. Also logged, one line per change. Thread-safe.
 */
public final class MoveLog {
    private final int capacity;
    private final Deque<AllocationChange> moves = new ArrayDeque<>(); // guarded by itself
    private final AtomicLong total = new AtomicLong();

    public MoveLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    void record(AllocationChange move) {
        synchronized (moves) {
            moves.addFirst(move);
            while (moves.size() > capacity) {
                moves.removeLast();
            }
        }
        total.incrementAndGet();
    }

    /** The latest moves, newest first, at most {@code limit}; only those of {@code cid} when it is not null. */
    public List<AllocationChange> latest(Cid cid, int limit) {
        List<AllocationChange> out = new ArrayList<>();
        synchronized (moves) {
            for (AllocationChange m : moves) {
                if (out.size() >= limit) {
                    break;
                }
                if (cid == null || m.cid().equals(cid)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** AllocationChanges recorded since this peer started (including those no longer kept). */
    public long total() {
        return total.get();
    }
}
