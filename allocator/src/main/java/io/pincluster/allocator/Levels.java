package io.pincluster.allocator;

import io.pincluster.core.metric.MetricNames;
import java.util.List;

/**
 * The {@code allocate_by} list, read once: which levels group peers by value (tags, as ipfs-cluster's
 * partitionable informers), which hold free space (reduced by pending bytes), and which level sizes
 * a group (the last non-tag one).
 */
final class Levels {
    private final String[] names;
    private final boolean[] grouping;
    private final boolean[] freeSpace;
    private final int capacityLevel;

    Levels(List<String> allocateBy) {
        names = allocateBy.toArray(String[]::new);
        grouping = new boolean[names.length];
        freeSpace = new boolean[names.length];
        int capacity = -1;
        for (int i = 0; i < names.length; i++) {
            grouping[i] = MetricNames.isTag(names[i]);
            freeSpace[i] = MetricNames.FREESPACE.equals(names[i]);
            if (!grouping[i]) {
                capacity = i;
            }
        }
        capacityLevel = capacity;
    }

    int count() {
        return names.length;
    }

    String name(int level) {
        return names[level];
    }

    boolean grouping(int level) {
        return grouping[level];
    }

    boolean[] freeSpaceLevels() {
        return freeSpace;
    }

    int capacityLevel() {
        return capacityLevel;
    }
}
