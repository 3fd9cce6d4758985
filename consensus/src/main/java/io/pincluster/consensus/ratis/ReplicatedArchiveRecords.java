package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.ArchiveCodec;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.cold.ReadReport;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cold tier's CID → archive index in the replicated state (decision 0019). An entry is sent straight to the
 * leader, not batched ({@link DirectWrites}): one per archived pin, after an upload of seconds. A leader of a build
 * from before the cold tier refuses it as an unknown message.
 */
final class ReplicatedArchiveRecords implements ArchiveRecords {
    private final Supplier<DirectWrites> writes;
    private final ArchiveIndex index;

    /** @param writes fails with {@code UNAVAILABLE} while the consensus is not started or is shut down */
    ReplicatedArchiveRecords(Supplier<DirectWrites> writes, ArchiveIndex index) {
        this.writes = Objects.requireNonNull(writes, "writes");
        this.index = Objects.requireNonNull(index, "index");
    }

    @Override
    public void recordArchive(ArchiveEntry entry) {
        Objects.requireNonNull(entry, "entry");
        writes.get().send(ArchiveCodec.encode(entry), "archive index entry", refused -> null);
    }

    /** {@inheritDoc} A leader of a build without archive garbage collection refuses it (decision 0021). */
    @Override
    public void removeArchive(ArchiveRemoval removal) {
        Objects.requireNonNull(removal, "removal");
        writes.get().send(ArchiveCodec.encodeRemoval(removal), "archive removal", refused -> null);
    }

    /** {@inheritDoc} A leader of a build without read reports refuses it (decision 0024). */
    @Override
    public void reportReads(ReadReport report) {
        Objects.requireNonNull(report, "report");
        writes.get().send(ArchiveCodec.encodeReads(report), "read report", refused -> null);
    }

    /** {@inheritDoc} A leader of a build without hot drops refuses it (decision 0024). */
    @Override
    public void dropHotCopies(HotDrop drop) {
        Objects.requireNonNull(drop, "drop");
        writes.get().send(ArchiveCodec.encodeDrop(drop), "hot drop", refused -> null);
    }

    @Override
    public ArchiveIndex archiveIndex() {
        return index;
    }
}
