package io.pincluster.service.cold;

import io.pincluster.cold.archive.ArchiveKeys;
import io.pincluster.cold.archive.ArchiveSpool;
import io.pincluster.cold.archive.PinArchiver;
import io.pincluster.cold.archive.Throttle;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.service.config.ColdSection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The cold tier's parts on one peer, built from {@code cold} in {@code service.json}: the archives' bucket
 * ({@link ColdTier}, decision 0019), this peer's archive jobs ({@link ArchiveScheduler}), the backlog gauge
 * ({@link ArchiveBacklog}) and the leader's garbage collection ({@link ArchiveCollector}, decision 0021, when
 * {@code gc_interval} is not 0). Two steps, because the tracker sits between them: {@link #open} before the tracker
 * (it restores pins from the archives), {@link #start} after it (the jobs read what the tracker pinned). Closing stops
 * the collector, the jobs and the bucket's client, in that order.
 */
public final class ColdTierPeer implements AutoCloseable {
    private final ColdSection config;
    private final ArchiveRecords records;
    private final ColdTier tier;
    private ArchiveScheduler scheduler;
    private ArchiveBacklog backlog;
    private ArchiveCollector collector;
    private ReadMarks readMarks;
    private HotCopyPolicy hotCopies;

    private ColdTierPeer(ColdSection config, ArchiveRecords records, ColdTier tier) {
        this.config = config;
        this.records = records;
        this.tier = tier;
    }

    /**
     * Opens the bucket; makes no request (a bucket that is down fails the first archive job or restore, which
     * retry).
     */
    public static ColdTierPeer open(ColdSection config, ArchiveRecords records) {
        Objects.requireNonNull(config, "config");
        ColdTier tier = new ColdTier(ArchiveObjectStore.open(config.s3()), new ArchiveKeys(config.keyPrefix()),
                records.archiveIndex());
        return new ColdTierPeer(config, records, tier);
    }

    /**
     * Starts this peer's archive jobs, the backlog gauge and (when on) the garbage collection.
     *
     * @param members        the current members (a pin on every peer is archived by the smallest ID)
     * @param spoolDir       {@code cold.spool_dir}, resolved against the peer's folder
     * @param leadsCaughtUp  whether this peer leads and its replica applied all that is committed: the collector
     *                       acts only then, since a lagging replica could take a pin for gone (decision 0021)
     */
    public void start(PeerId self, PinSetView pinset, Supplier<List<PeerId>> members, NodeConnector connector,
                      Path spoolDir, BooleanSupplier leadsCaughtUp, Clock clock) throws IOException {
        start(self, pinset, null, members, connector, spoolDir, leadsCaughtUp, clock);
    }

    /**
     * As above; with {@code cold.drop_hot_after} set, also this peer's read reports and the leader's hot copy policy
     * (decision 0024), which re-allocates through {@code replicated}.
     */
    public void start(PeerId self, PinSetView pinset, ReplicatedPinset replicated, Supplier<List<PeerId>> members,
                      NodeConnector connector, Path spoolDir, BooleanSupplier leadsCaughtUp, Clock clock)
            throws IOException {
        PinArchiver archiver = new PinArchiver(tier.store(), tier.keys(), new ArchiveSpool(spoolDir),
                new DagPbLinkReader(), CarLimits.DEFAULT, Throttle.NONE);
        scheduler = new ArchiveScheduler(self, pinset, members, records, connector, archiver,
                new ArchiveScheduler.Settings(config.policy(), config.concurrentJobs(), config.scanInterval(),
                        config.maxBackoff()), clock);
        scheduler.start();
        backlog = new ArchiveBacklog(pinset, records.archiveIndex(), config.policy(), config.scanInterval(), clock);
        if (config.gcEnabled()) {
            collector = new ArchiveCollector(pinset, records, tier.store(), tier.keys(), leadsCaughtUp,
                    new ArchiveCollector.Settings(config.policy(), config.gcInterval(), config.gcGrace(),
                            config.uploadGrace(), ColdSection.GC_MAX_DELETIONS), clock);
            collector.start();
        }
        if (config.dropsHotCopies() && replicated != null) {
            readMarks = new ReadMarks(records, config.readReportInterval(), clock);
            readMarks.start();
            hotCopies = new HotCopyPolicy(replicated, records, leadsCaughtUp, config.policy(), config.dropHotAfter(),
                    config.scanInterval(), clock);
            hotCopies.start();
        }
    }

    /** This peer's read reports, when {@code cold.drop_hot_after} is not 0 and {@link #start} ran. */
    public Optional<ReadMarks> readMarks() {
        return Optional.ofNullable(readMarks);
    }

    /** The leader's hot copy policy, when {@code cold.drop_hot_after} is not 0 and {@link #start} ran. */
    public Optional<HotCopyPolicy> hotCopies() {
        return Optional.ofNullable(hotCopies);
    }

    /** The archives as this peer reads them (restore, status). */
    public ColdTier tier() {
        return tier;
    }

    /** This peer's archive jobs; null before {@link #start}. */
    public ArchiveScheduler scheduler() {
        return scheduler;
    }

    /** The pins the policy wants archived that the index does not have yet; null before {@link #start}. */
    public ArchiveBacklog backlog() {
        return backlog;
    }

    /** The garbage collection, when {@code cold.gc_interval} is not 0 and {@link #start} ran. */
    public Optional<ArchiveCollector> collector() {
        return Optional.ofNullable(collector);
    }

    /** The archive index this peer's replica holds. */
    public ArchiveRecords records() {
        return records;
    }

    @Override
    public void close() {
        if (hotCopies != null) {
            hotCopies.close();
        }
        if (readMarks != null) {
            readMarks.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        tier.close();
    }
}
