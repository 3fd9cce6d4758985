package io.pincluster.core.cold;

/**
 * Recording archives cluster-wide, and reading this peer's replica of the index. Implemented by the consensus (the
 * index is part of the Raft state); the cold tier's archiver uses it and knows nothing of Raft.
 */
public interface ArchiveRecords {
    /**
     * Records {@code entry} on every peer; returns once committed and applied here. Every replica ignores it when the
     * pin is no longer in the pinset when the entry is applied (it was unpinned while it was being archived).
     *
     * @throws io.pincluster.core.error.ClusterException {@code NO_QUORUM}, {@code UNAVAILABLE} or {@code TIMEOUT}
     *                                                   when it could not be recorded
     */
    void recordArchive(ArchiveEntry entry);

    /**
     * Drops an index entry on every peer (archive garbage collection, decision 0021); returns once committed and
     * applied here. Every replica ignores it unless it still holds ({@link ArchiveRemoval#appliesTo}): the caller
     * reads this peer's index afterwards to learn whether the entry is gone before it deletes any object.
     *
     * @throws io.pincluster.core.error.ClusterException {@code NO_QUORUM}, {@code UNAVAILABLE} (also: a leader of a
     *                                                   build that cannot read the entry) or {@code TIMEOUT}
     */
    void removeArchive(ArchiveRemoval removal);

    /**
     * Records a peer's batch of read times on every peer (decision 0024); returns once committed and applied here.
     * Every replica keeps, per indexed pin, the later of its read time and the report's.
     *
     * @throws io.pincluster.core.error.ClusterException {@code NO_QUORUM}, {@code UNAVAILABLE} (also: a leader of a
     *                                                   build that cannot read the entry) or {@code TIMEOUT}
     */
    default void reportReads(ReadReport report) {
        throw new UnsupportedOperationException("read reports are not replicated here");
    }

    /**
     * Drops every hot copy of an archived pin on every peer (decision 0024); returns once committed and applied here.
     * Every replica ignores it unless it still holds ({@link HotDrop#appliesTo}): the caller reads the pinset
     * afterwards to learn whether it applied.
     *
     * @throws io.pincluster.core.error.ClusterException as {@link #reportReads}
     */
    default void dropHotCopies(HotDrop drop) {
        throw new UnsupportedOperationException("hot copies are not dropped here");
    }

    /** This peer's replica of the index, for reading. */
    ArchiveIndex archiveIndex();
}
