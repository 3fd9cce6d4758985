package io.pincluster.consensus.ratis;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Tells writers when their entry is applied on this peer (read-your-writes on followers too), through futures,
 * so no thread waits per write.
 */
final class AppliedIndexWaiter {
    private record Waiter(long index, CompletableFuture<Void> applied) {
    }

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.index, b.index));
    private long applied;

    void advanced(long index) {
        List<Waiter> due = null;
        synchronized (this) {
            if (index <= applied) {
                return;
            }
            applied = index;
            while (!waiting.isEmpty() && waiting.peek().index <= index) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(waiting.poll());
            }
        }
        if (due != null) { // outside the lock: completing runs the writers' continuations
            due.forEach(w -> w.applied.complete(null));
        }
    }

    /** Completes once {@code index} is applied here (at once if it already is); never fails by itself. */
    CompletableFuture<Void> whenApplied(long index) {
        synchronized (this) {
            if (index > applied) {
                Waiter w = new Waiter(index, new CompletableFuture<>());
                waiting.add(w);
                return w.applied;
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
