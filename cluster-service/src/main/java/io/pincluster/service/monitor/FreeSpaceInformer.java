package io.pincluster.service.monitor;

import io.pincluster.core.component.NodeConnector.RepoStat;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code freespace}: the smaller of what the block store may still grow by ({@code StorageMax − RepoSize})
 * and what the disk under it still has. ipfs-cluster looks at the store alone, so a disk shared with other
 * data can fill up while the store believes it has room. Not published when nothing is free, so a full
 * peer is never a candidate.
 */
public final class FreeSpaceInformer implements Informer {
    /** For stores whose disk we cannot see (a remote Kubo daemon). */
    public static final LongSupplier DISK_UNKNOWN = () -> Long.MAX_VALUE;

    private final PeerId self;
    private final Supplier<RepoStat> repoStat;
    private final LongSupplier diskFree;

    /**
     * @param repoStat the block store's size and configured maximum (a maximum of 0 or less means none)
     * @param diskFree usable bytes on the disk holding the store, or {@link #DISK_UNKNOWN}
     */
    public FreeSpaceInformer(PeerId self, Supplier<RepoStat> repoStat, LongSupplier diskFree) {
        this.self = self;
        this.repoStat = repoStat;
        this.diskFree = diskFree;
    }

    /** Usable bytes of the file system holding {@code dir}, read afresh each time. */
    public static LongSupplier diskFreeOf(Path dir) {
        return () -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the free space of " + dir, e);
            }
        };
    }

    /** The free bytes now: {@code min(storageMax − repoSize, disk free)}, never negative. */
    public long freeBytes() {
        RepoStat s = repoStat.get();
        long store = s.storageMax() > 0 ? s.storageMax() - s.repoSize() : Long.MAX_VALUE;
        long free = Math.min(store, diskFree.getAsLong());
        return free == Long.MAX_VALUE ? 0 : Math.max(0, free);
    }

    @Override
    public List<Metric> collect(Instant expire) {
        long free = freeBytes();
        return free <= 0 ? List.of() : List.of(Metric.freeSpace(self, free, expire));
    }
}
