package io.pincluster.service.monitor;

import io.pincluster.core.component.NodeConnector.RepoStat;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code diskusage}: the store's size against its capacity, which is the smaller of its size limit
 * ({@code connector.storage_max}) and its size plus what the disk under it still has (a disk shared with other data
 * fills up before the limit). The leader keeps new copies off a peer above {@code repair.disk_high_water} and moves
 * pins off one above {@code repair.disk_shed_water}. Not published when the capacity is unknown.
 */
public final class DiskUsageInformer implements Informer {
    private final PeerId self;
    private final Supplier<RepoStat> repoStat;
    private final LongSupplier diskFree;

    /** @param diskFree usable bytes on the store's disk, or {@link FreeSpaceInformer#DISK_UNKNOWN} */
    public DiskUsageInformer(PeerId self, Supplier<RepoStat> repoStat, LongSupplier diskFree) {
        this.self = self;
        this.repoStat = repoStat;
        this.diskFree = diskFree;
    }

    /** The usage now, or empty when the capacity is unknown. */
    public Optional<DiskUsage> usage() {
        RepoStat s = repoStat.get();
        long used = Math.max(0, s.repoSize());
        long free = diskFree.getAsLong();
        long onDisk = free == Long.MAX_VALUE ? Long.MAX_VALUE : saturatingAdd(used, Math.max(0, free));
        long limit = s.storageMax() > 0 ? s.storageMax() : Long.MAX_VALUE;
        long capacity = Math.min(limit, onDisk);
        return capacity == Long.MAX_VALUE || capacity <= 0 ? Optional.empty()
                : Optional.of(new DiskUsage(used, capacity));
    }

    @Override
    public List<Metric> collect(Instant expire) {
        return usage().map(u -> List.of(u.toMetric(self, expire))).orElse(List.of());
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
