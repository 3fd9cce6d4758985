package io.pincluster.service.ops;

import io.pincluster.core.peer.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes the leader promised to peers recently, which their published free space may not show yet. The
 * allocator subtracts them from a peer's free space, so a burst of pins spreads over the peers instead of
 * all going to whichever peer reported the most free space.
 *
 * <p>An approximation, chosen to be cheap: an allocation counts for {@code window} after it was decided
 * (the metric TTL: by then the peer has usually pinned it and published free space that reflects it), not
 * until the peer reports it pinned. Pins of unknown size count as the configured assumed size. A new
 * leader starts with nothing pending. Thread-safe.
 */
public final class PendingAllocations {
    private record Entry(Instant at, PeerId peer, long bytes) {
    }

    private final Duration window;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<PeerId, Long> totals = new HashMap<>();

    public PendingAllocations(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("pending window must not be negative: " + window);
        }
        this.window = window;
    }

    /** Counts {@code bytes} against each of {@code peers} from {@code at} on. */
    public synchronized void record(Collection<PeerId> peers, long bytes, Instant at) {
        if (bytes <= 0) {
            return;
        }
        for (PeerId peer : peers) {
            entries.addLast(new Entry(at, peer, bytes));
            totals.merge(peer, bytes, Long::sum);
        }
    }

    /** Bytes pending per peer at {@code now}: allocations decided within the window before it. */
    public synchronized Map<PeerId, Long> pendingAt(Instant now) {
        Instant cutoff = now.minus(window);
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(cutoff)) {
            Entry e = entries.removeFirst();
            totals.computeIfPresent(e.peer(), (p, total) -> total - e.bytes() == 0 ? null : total - e.bytes());
        }
        return Map.copyOf(totals);
    }
}
