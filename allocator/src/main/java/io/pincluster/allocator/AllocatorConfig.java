package io.pincluster.allocator;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.metric.MetricNames;
import java.util.HashSet;
import java.util.List;

/**
 * Configuration of the balanced allocator ({@code allocator.balanced} in the service config).
 *
 * @param allocateBy   metric names, most significant first; a peer is a candidate only with a valid
 *                     metric for each, so every peer must publish them all (informers should publish
 *                     {@code tag:zone} with a default value such as "default", as ipfs-cluster's tags
 *                     informer does for {@code tag:group}). Names starting with {@code tag:} group
 *                     peers by value; any other name ranks peers one by one by weight.
 * @param reserveBytes free space every peer keeps back: a peer is full when its free space (minus
 *                     pending bytes) is at most this, or below pin size + this when the size is known
 */
public record AllocatorConfig(List<String> allocateBy, long reserveBytes) {
    /** ipfs-cluster's default is {@code ["tag:group","freespace"]}; our zone tag is {@code zone}. */
    public static final List<String> DEFAULT_ALLOCATE_BY = List.of(MetricNames.ZONE, MetricNames.FREESPACE);
    public static final AllocatorConfig DEFAULT = new AllocatorConfig(DEFAULT_ALLOCATE_BY, 0);

    public AllocatorConfig {
        if (allocateBy == null || allocateBy.isEmpty()) {
            throw ClusterException.badRequest("allocator.balanced.allocate_by must name at least one metric");
        }
        allocateBy = List.copyOf(allocateBy);
        if (new HashSet<>(allocateBy).size() != allocateBy.size()) {
            throw ClusterException.badRequest("allocator.balanced.allocate_by names a metric twice: " + allocateBy);
        }
        for (String name : allocateBy) {
            if (name.isBlank() || name.equals(MetricNames.TAG_PREFIX)) {
                throw ClusterException.badRequest("allocator.balanced.allocate_by has an empty metric name: "
                        + allocateBy);
            }
        }
        if (reserveBytes < 0) {
            throw ClusterException.badRequest("allocator reserve bytes must not be negative: " + reserveBytes);
        }
    }

    public AllocatorConfig withReserveBytes(long reserve) {
        return new AllocatorConfig(allocateBy, reserve);
    }
}
