package io.pincluster.service.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.service.repair.DiskPressure;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The self-healing's meters, read at scrape time from the repair planner's last pass: members by state as this
 * peer judges them, and on the leader the pins under-replicated, lost, moving, queued and in flight, the ETA, and
 * the repairs committed ({@code pincluster_repair_repaired_total}) and every automatic re-allocation by kind
 * ({@code pincluster_repair_moves_total{kind="repair|drain|rebalance|top_up|disk_pressure"}}).
 */
public final class RepairMeters {
    private RepairMeters() {
    }

    public static void register(MeterRegistry registry, Supplier<RepairSummary> summary) {
        for (String state : List.of("up", "suspect", "down")) {
            Gauge.builder("pincluster.peers", summary, s -> s.get().peers().values().stream()
                            .filter(c -> c.state().equals(state)).count())
                    .tag("state", state).description("cluster members in each state, as this peer judges them")
                    .strongReference(true).register(registry);
        }
        gauge(registry, "pincluster.repair.under.replicated", "pins with fewer live copies than their minimum "
                + "(leader only)", summary, RepairSummary::underReplicated);
        gauge(registry, "pincluster.repair.waiting.for.grace", "under-replicated pins whose down peers are within "
                + "the repair grace (leader only)", summary, RepairSummary::waitingForGrace);
        gauge(registry, "pincluster.repair.lost", "pins with no live copy anywhere (leader only)", summary,
                RepairSummary::lost);
        gauge(registry, "pincluster.repair.moving", "copies held past their allocation, waiting for the new holders "
                + "(leader only)", summary, RepairSummary::moving);
        gauge(registry, "pincluster.repair.queued", "pins waiting for a re-allocation (leader only)", summary,
                RepairSummary::queued);
        gauge(registry, "pincluster.repair.in.flight", "re-allocations submitted, not yet committed (leader only)",
                summary, RepairSummary::inFlight);
        gauge(registry, "pincluster.repair.eta.seconds", "seconds to commit what is queued at the configured rate",
                summary, s -> s.eta().toSeconds());
        FunctionCounter.builder("pincluster.repair.repaired", summary, s -> s.get().repaired())
                .description("repairs (copies on down or removed peers replaced) this peer committed as leader")
                .register(registry);
        for (MoveKind kind : MoveKind.values()) {
            FunctionCounter.builder("pincluster.repair.moves", summary, s -> s.get().moves().getOrDefault(kind, 0L))
                    .tag("kind", kind.wireName())
                    .description("automatic re-allocations this peer committed as leader, by kind").register(registry);
        }
    }

    /**
     * Disk pressure on the leader: {@code pincluster_repair_disk_pressure_peers} (peers it is moving pins off) and
     * {@code pincluster_repair_disk_pressure_moves_total} (moves it submitted for that).
     */
    public static void registerDiskPressure(MeterRegistry registry, DiskPressure pressure) {
        Gauge.builder("pincluster.repair.disk.pressure.peers", pressure, DiskPressure::peersShedding)
                .description("peers above the disk shed mark the leader is moving pins off (leader only)")
                .strongReference(true).register(registry);
        FunctionCounter.builder("pincluster.repair.disk.pressure.moves", pressure, DiskPressure::moves)
                .description("pins this peer moved off full peers as leader").register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String help, Supplier<RepairSummary> summary,
                              ToDoubleFunction<RepairSummary> value) {
        Gauge.builder(name, summary, s -> value.applyAsDouble(s.get())).description(help).strongReference(true)
                .register(registry);
    }
}
