package io.pincluster.cold.archive;

import io.pincluster.cold.car.ArchiveRangeReader;
import io.pincluster.cold.car.ArchivedBlock;
import io.pincluster.cold.car.BlockLocation;
import io.pincluster.cold.car.BlockSource;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.ByteRange;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Blocks served from the archives, for a hot miss: a block is found in the {@link ArchiveCatalog}, fetched by a
 * ranged GET of its section, and handed out only after it was checked against the index and hashed against its
 * CID ({@link ArchiveRangeReader}); a range that fails any check yields nothing. Every read carries
 * {@code If-Match} with the ETag the catalog recorded, so an archive replaced in the bucket fails (HTTP 412)
 * instead of serving bytes the index does not describe.
 *
 * <p>{@link #get} fetches one block (a gateway read); {@link #restoreDag} puts a whole pin back into a block store,
 * fetching its sections in merged runs ({@link SectionRun}) of up to {@code maxRangeBytes}. Thread-safe.
 */
public final class ArchiveBlockSource implements BlockSource {
    /** Runs up to this size: large enough that request overhead is small, small enough to buffer. */
    public static final long DEFAULT_MAX_RANGE_BYTES = 16L * 1024 * 1024;
    /** Sections this close merge, the ones between read and dropped: less than one request's overhead. */
    public static final long DEFAULT_MAX_GAP_BYTES = 64L * 1024;

    private final ArchiveObjectStore store;
    private final ArchiveCatalog catalog;
    private final CarLimits limits;
    private final Throttle throttle;
    private final long maxRangeBytes;

    public ArchiveBlockSource(ArchiveObjectStore store, ArchiveCatalog catalog, CarLimits limits, Throttle throttle,
            long maxRangeBytes) {
        if (maxRangeBytes < limits.maxSectionLength() || maxRangeBytes > ArchiveObjectStore.MAX_RANGE_BYTES) {
            throw new IllegalArgumentException("a restore range must hold the largest section (" + limits
                    .maxSectionLength() + " bytes) and be at most " + ArchiveObjectStore.MAX_RANGE_BYTES
                    + ": got " + maxRangeBytes);
        }
        this.store = store;
        this.catalog = catalog;
        this.limits = limits;
        this.throttle = throttle;
        this.maxRangeBytes = maxRangeBytes;
    }

    public ArchiveBlockSource(ArchiveObjectStore store, ArchiveCatalog catalog) {
        this(store, catalog, CarLimits.DEFAULT, Throttle.NONE, DEFAULT_MAX_RANGE_BYTES);
    }

    /**
     * The block {@code cid} names, read from its archive and verified.
     *
     * @throws BlockNotFoundException no archive in the catalog holds it
     * @throws io.pincluster.ipld.car.CarFormatException      the archive's bytes there are not the block
     * @throws io.pincluster.cold.car.ArchiveMismatchException the section there is another than the index's
     * @throws io.pincluster.cold.s3.ObjectStoreException     the store failed, or the archive changed (412)
     */
    @Override
    public byte[] get(Cid cid) throws IOException {
        ArchiveCatalog.Located located = catalog.find(cid).orElseThrow(() -> new BlockNotFoundException(cid));
        BlockLocation location = located.location();
        List<ArchivedBlock> blocks = read(located.archive(), new SectionRun(location.sectionOffset(),
                location.end()));
        return blocks.get(0).data();
    }

    /**
     * Puts every block of the pin whose root is {@code root} into {@code sink}, in archive order, each verified
     * before it is put. On failure the sink holds a verified prefix of the DAG; restoring again completes it.
     *
     * @throws BlockNotFoundException no archive in the catalog has {@code root} as its root
     */
    public RestoreStats restoreDag(Cid root, BlockSink sink) throws IOException {
        ArchivedPin archive = catalog.archiveOf(root).orElseThrow(() -> new BlockNotFoundException(root));
        List<SectionRun> runs = SectionRun.plan(archive.manifest().index().entries(), DEFAULT_MAX_GAP_BYTES,
                maxRangeBytes);
        int blocks = 0;
        long bytes = 0;
        for (SectionRun run : runs) {
            for (ArchivedBlock block : read(archive, run)) {
                sink.put(block.cid(), block.data());
                blocks++;
            }
            bytes += run.length();
        }
        return new RestoreStats(blocks, bytes, runs.size());
    }

    private List<ArchivedBlock> read(ArchivedPin archive, SectionRun run) throws IOException {
        throttle.acquire(run.length());
        byte[] bytes = store.read(archive.carKey(), ByteRange.ofLength(run.start(), run.length()), archive.etag());
        return new ArchiveRangeReader(archive.manifest().index(), limits)
                .read(new ByteArrayInputStream(bytes), run.start(), run.end());
    }
}
