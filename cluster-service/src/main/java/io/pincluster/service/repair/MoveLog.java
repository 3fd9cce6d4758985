package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
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
    /** One automatic change of a pin's allocations. */
    public record Move(Instant at, Cid cid, List<PeerId> from, List<PeerId> to, String reason) {
        public Move {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    private final int capacity;
    private final Deque<Move> moves = new ArrayDeque<>(); // guarded by itself
    private final AtomicLong total = new AtomicLong();

    public MoveLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    void record(Move move) {
        synchronized (moves) {
            moves.addFirst(move);
            while (moves.size() > capacity) {
                moves.removeLast();
            }
        }
        total.incrementAndGet();
    }

    /** The latest moves, newest first, at most {@code limit}; only those of {@code cid} when it is not null. */
    public List<Move> latest(Cid cid, int limit) {
        List<Move> out = new ArrayList<>();
        synchronized (moves) {
            for (Move m : moves) {
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

    /** Moves recorded since this peer started (including those no longer kept). */
    public long total() {
        return total.get();
    }
}
