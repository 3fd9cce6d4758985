package io.pincluster.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.RepairSection;
import io.pincluster.service.health.PeerHealth;
import io.pincluster.service.holders.HolderRegistry;
import io.pincluster.service.metrics.RepairMeters;
import io.pincluster.service.monitor.DiskUsage;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.service.ops.DagSizes;
import io.pincluster.service.repair.DiskPressure;
import io.pincluster.service.repair.MoveLog;
import io.pincluster.service.repair.RepairPlanner;
import io.pincluster.service.repair.RepairTask;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The leader's repair, built from the {@code repair} section: the planner over this peer's failure detection and
 * the holders' reports, with the disk pressure it sheds by. The zones and disk usage it weighs are what each peer
 * last published to the monitor. {@link ClusterAssembly} decides when the meters are registered and the task starts.
 */
record RepairWiring(RepairPlanner planner, DiskPressure pressure) {
    /** How many automatic moves a peer remembers for {@code GET /health/moves}. */
    private static final int MOVES_KEPT = 10_000;
    /** A pass a second: the planner submits at most {@code repair.max_pins_per_second} per pass. */
    private static final Duration PASS_INTERVAL = Duration.ofSeconds(1);

    /**
     * @param archived            whether the cold tier holds a CID's archive ({@code cid -> false} without one)
     * @param archiveCountsAsCopy {@code cold.archive_counts_as_copy} with the cold tier on
     */
    /** The moves this peer makes while it leads: recorded by its planner, told to the other peers. */
    static MoveLog moveLog() {
        return new MoveLog(MOVES_KEPT);
    }

    static RepairWiring build(PeerId self, RepairSection r, Consensus consensus, PeerHealth health,
                              HolderRegistry holders, PeerMonitor monitor, DagSizes sizes, Predicate<Cid> archived,
                              boolean archiveCountsAsCopy, MoveLog moves, Clock clock) {
        DiskPressure pressure = new DiskPressure(r.diskHighWater(), r.diskShedWater(),
                peer -> diskUsageOf(monitor, peer), sizes::sizeOf, monitor::raise);
        RepairPlanner planner = new RepairPlanner(self, consensus, consensus, health, holders,
                new RepairPlanner.Settings(r.enabled(), r.repairGrace(), r.repairMaxPinsPerSecond(), r.topUp(),
                        r.rebalanceThreshold(), r.rebalanceSettle()), clock,
                moves, peer -> zoneOf(monitor, peer),
                new RepairPlanner.Options(pressure, archived, archiveCountsAsCopy));
        return new RepairWiring(planner, pressure);
    }

    void registerMeters(MeterRegistry registry) {
        RepairMeters.register(registry, planner::repairSummary);
        RepairMeters.registerDiskPressure(registry, pressure);
    }

    /** The timer that runs the planner's passes; not started. */
    RepairTask task() {
        return new RepairTask(planner, PASS_INTERVAL);
    }

    /** The latest valid {@code diskusage} {@code peer} published, if any. */
    private static Optional<DiskUsage> diskUsageOf(PeerMonitor monitor, PeerId peer) {
        for (Metric m : monitor.validMetrics(MetricNames.DISKUSAGE)) {
            if (m.peer().equals(peer)) {
                return DiskUsage.of(m);
            }
        }
        return Optional.empty();
    }

    /** The zone {@code peer} last published ({@code tag:zone}), or empty when unknown. */
    private static String zoneOf(PeerMonitor monitor, PeerId peer) {
        for (Metric m : monitor.validMetrics(MetricNames.ZONE)) {
            if (m.peer().equals(peer)) {
                return m.value();
            }
        }
        return "";
    }
}
