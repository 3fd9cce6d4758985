package io.pincluster.service.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.service.cold.ArchiveBacklog;
import io.pincluster.service.cold.ArchiveCollector;
import io.pincluster.service.cold.ArchiveScheduler;
import io.pincluster.service.cold.ColdTier;
import io.pincluster.service.cold.ColdTierPeer;
import io.pincluster.service.cold.HotCopyPolicy;
import io.pincluster.service.cold.ReadMarks;

/**
 * The cold tier's meters (decisions 0019, 0021): this peer's archive jobs, the index's size, restores, the backlog
 * and, when on, the garbage collection ({@code pincluster_cold_*}).
 */
public final class ColdMeters {
    private ColdMeters() {
    }

    /**
     * With the cold tier off: the meters the alert rules read ({@code PinclusterArchiveBacklog},
     * {@code PinclusterArchiveUploadsFailing}, {@code PinclusterColdTierTasksFailing}), at 0, so every peer exports
     * every name the monitoring kit uses and a rule never silently matches nothing (as {@link ExternalMeters} does
     * without services).
     */
    public static void registerOff(MeterRegistry registry) {
        Gauge.builder("pincluster.cold.archive.backlog.pins", () -> 0)
                .description("pins the policy wants archived that the index does not have yet (cold tier off: 0)")
                .register(registry);
        FunctionCounter.builder("pincluster.cold.archive.failures", registry, r -> 0)
                .description("archive jobs that failed on this peer (cold tier off: 0)").register(registry);
        registerHotCopyFailuresOff(registry);
        registerReadReportFailuresOff(registry);
        registerGcFailuresOff(registry);
    }

    private static void registerHotCopyFailuresOff(MeterRegistry registry) {
        FunctionCounter.builder("pincluster.cold.hot.copies.failures", registry, r -> 0)
                .description("hot copy policy passes or re-allocations that failed (policy off: 0)")
                .register(registry);
    }

    private static void registerReadReportFailuresOff(MeterRegistry registry) {
        FunctionCounter.builder("pincluster.cold.read.report.failures", registry, r -> 0)
                .description("read reports that failed (reports off: 0)").register(registry);
    }

    private static void registerGcFailuresOff(MeterRegistry registry) {
        FunctionCounter.builder("pincluster.cold.gc.failures", registry, r -> 0)
                .description("archive garbage collection passes that failed (collection off: 0)").register(registry);
    }

    /** @param cold a started cold tier */
    public static void register(MeterRegistry registry, ColdTierPeer cold) {
        ArchiveScheduler archiver = cold.scheduler();
        FunctionCounter.builder("pincluster.cold.archived", archiver, ArchiveScheduler::archived)
                .description("pins this peer archived and recorded in the index").register(registry);
        FunctionCounter.builder("pincluster.cold.archive.failures", archiver, ArchiveScheduler::failed)
                .description("archive jobs that failed on this peer (each is retried after a back-off)")
                .register(registry);
        Gauge.builder("pincluster.cold.archive.running", archiver, ArchiveScheduler::running)
                .description("archive jobs running on this peer now").register(registry);
        Gauge.builder("pincluster.cold.archived.pins", cold.records(), r -> r.archiveIndex().size())
                .description("pins with an archive in the cold tier (this peer's replica of the index)")
                .register(registry);
        FunctionCounter.builder("pincluster.cold.blocks.served", cold.tier(), ColdTier::blocksServed)
                .description("blocks this peer read from the archives because no peer had them (gateway)")
                .register(registry);
        FunctionCounter.builder("pincluster.cold.pins.restored", cold.tier(), ColdTier::pinsRestored)
                .description("pins this peer's tracker restored from their archive").register(registry);
        Gauge.builder("pincluster.cold.archive.backlog.pins", cold.backlog(), ArchiveBacklog::pins)
                .description("pins the policy wants archived that the index does not have yet (cluster-wide, "
                        + "this peer's replica)").register(registry);
        // A part that is off still exports its failure counter, at 0, for the same reason as registerOff.
        cold.hotCopies().ifPresentOrElse(policy -> {
            FunctionCounter.builder("pincluster.cold.hot.copies.dropped", policy, HotCopyPolicy::dropped)
                    .description("archived pins whose hot copies this peer's policy dropped while leading (unread for "
                            + "cold.drop_hot_after; decision 0024)").register(registry);
            FunctionCounter.builder("pincluster.cold.hot.copies.rewarmed", policy, HotCopyPolicy::rewarmed)
                    .description("pins without hot copies this peer's policy gave hot copies again after a read")
                    .register(registry);
            FunctionCounter.builder("pincluster.cold.hot.copies.failures", policy, HotCopyPolicy::failures)
                    .description("hot copy policy passes or re-allocations that failed (retried)")
                    .register(registry);
        }, () -> registerHotCopyFailuresOff(registry));
        cold.readMarks().ifPresentOrElse(marks -> {
            FunctionCounter.builder("pincluster.cold.reads.reported", marks, ReadMarks::reported)
                    .description("archived pins whose reads this peer reported (one per pin per report)")
                    .register(registry);
            FunctionCounter.builder("pincluster.cold.read.report.failures", marks, ReadMarks::failures)
                    .description("read reports that failed (their reads go with the next report)")
                    .register(registry);
        }, () -> registerReadReportFailuresOff(registry));
        cold.collector().ifPresentOrElse(gc -> {
            FunctionCounter.builder("pincluster.cold.gc.archives.collected", gc, ArchiveCollector::collected)
                    .description("archives (CAR and sidecar) this peer's garbage collection deleted while leading")
                    .register(registry);
            FunctionCounter.builder("pincluster.cold.gc.bytes.freed", gc, ArchiveCollector::bytesFreed)
                    .description("bytes of the archive objects this peer's garbage collection deleted")
                    .register(registry);
            FunctionCounter.builder("pincluster.cold.gc.uploads.aborted", gc, ArchiveCollector::uploadsAborted)
                    .description("abandoned multipart uploads this peer's garbage collection aborted")
                    .register(registry);
            FunctionCounter.builder("pincluster.cold.gc.failures", gc, ArchiveCollector::failures)
                    .description("archive garbage collection passes that failed (retried next interval)")
                    .register(registry);
        }, () -> registerGcFailuresOff(registry));
    }
}
