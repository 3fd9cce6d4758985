package io.pincluster.allocator;

import io.pincluster.core.peer.PeerId;

/**
 * A peer as the partition walk sees it: for each {@code allocate_by} level the metric's value (what
 * tags group by) and weight (what peers rank by; free space already reduced by pending bytes).
 * Arrays rather than maps because the walk touches them for every peer on every allocation.
 */
final class Candidate {
    final PeerId peer;
    final String[] values;
    final long[] weights;
    /** The weight groups are sized by: the last non-tag level (free space by default), 0 without one. */
    final long capacity;

    Candidate(PeerId peer, String[] values, long[] weights, long capacity) {
        this.peer = peer;
        this.values = values;
        this.weights = weights;
        this.capacity = capacity;
    }

    @Override
    public String toString() {
        return peer.toString();
    }
}
