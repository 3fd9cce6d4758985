package io.pincluster.allocator;

import io.pincluster.core.peer.PeerId;

/**
 * A qualified peer as the partition walk sees it: for each {@code allocate_by} level the metric's value,
 * a small integer standing for that value at tag levels (so grouping needs no hashing), and the weight
 * peers rank by. Arrays rather than maps because the walk touches them for every peer on every
 * allocation. Built once per metrics snapshot; {@link #lessPending} derives the per-request view.
 */
final class Candidate {
    final PeerId peer;
    /** Position in {@link PreparedMetrics#qualified}, so per-request views are arrays, not maps. */
    final int index;
    final String[] values;
    final int[] groupIds;
    final long[] weights;
    /** The weight groups are sized by: the last non-tag level (free space by default), 0 without one. */
    final long capacity;
    /** The free-space metric's weight, even when allocate_by does not rank by it. */
    final boolean knowsFree;
    final long free;

    Candidate(PeerId peer, int index, String[] values, int[] groupIds, long[] weights, long capacity,
              boolean knowsFree, long free) {
        this.peer = peer;
        this.index = index;
        this.values = values;
        this.groupIds = groupIds;
        this.weights = weights;
        this.capacity = capacity;
        this.knowsFree = knowsFree;
        this.free = free;
    }

    /** This peer with {@code bytes} already promised to it: less free space, so it ranks lower. */
    Candidate lessPending(long bytes, boolean[] freeLevels, int capacityLevel) {
        if (bytes == 0) {
            return this;
        }
        long[] adjusted = weights.clone();
        for (int i = 0; i < adjusted.length; i++) {
            if (freeLevels[i]) {
                adjusted[i] = Saturating.subtract(adjusted[i], bytes);
            }
        }
        return new Candidate(peer, index, values, groupIds, adjusted, capacityLevel < 0 ? 0 : adjusted[capacityLevel],
                knowsFree, knowsFree ? Saturating.subtract(free, bytes) : free);
    }

    /**
     * Room for a pin of {@code dagSize} bytes (-1 = unknown) above {@code reserve}. Without a free-space
     * metric there is nothing to judge by, so the peer counts as having room.
     */
    boolean hasRoom(long reserve, long dagSize) {
        if (!knowsFree) {
            return true;
        }
        long usable = Saturating.subtract(free, reserve);
        return usable > 0 && (dagSize < 0 || usable >= dagSize);
    }

    @Override
    public String toString() {
        return peer.toString();
    }
}
