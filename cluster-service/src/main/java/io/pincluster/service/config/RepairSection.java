package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;

/**
 * Section {@code repair}: when a peer counts as down, and how the leader repairs the pins it held.
 *
 * <p>A peer is {@code suspect} once its ping metric is late and {@code down} when no ping arrived for
 * {@code peer_down_after}. The leader re-allocates the pins of a peer that has been down for {@code repair_grace}
 * (a restart within the grace moves nothing), most urgent first, at most {@code repair_max_pins_per_second}
 * re-allocations committed per second; each receiving peer copies at most {@code pin_tracker.concurrency} pins
 * at once. ipfs-cluster has no equivalent on by default (its {@code disable_repinning} is true).
 *
 * @param enabled                 repair on (true) or only detection and reporting (false)
 * @param peerDownAfter           silence after which a peer is down (10s); must exceed {@code monitor.interval}
 * @param repairGrace             how long a peer stays down before its pins move (5m; 0 = at once)
 * @param repairMaxPinsPerSecond  re-allocations the leader commits per second at most (20,000: the copies are
 *                                throttled per receiving peer, and re-allocations yield to users' writes in the log)
 * @param topUp                   while repairing, give pins copies up to replication max when the cluster can
 * @param rebalanceThreshold      when no repair is pending and a live member's pin count is more than this fraction
 *                                above or below the mean (0.2), pins move off the fullest member, a few per second,
 *                                make-before-break; 0 turns rebalancing off
 * @param rebalanceSettle         how long an imbalance must last before the first pins move (30s): while pins arrive
 *                                the counts drift apart and back for moments, and a move is a copy and a release
 * @param diskHighWater           fraction of its store's capacity above which a peer gets no new copies (0.90)
 * @param diskShedWater           fraction above which the leader moves pins off the peer until it is below
 *                                {@code disk_high_water} again (0.95); 1 turns shedding off
 */
public record RepairSection(boolean enabled, Duration peerDownAfter, Duration repairGrace,
                            int repairMaxPinsPerSecond, boolean topUp, double rebalanceThreshold,
                            Duration rebalanceSettle, double diskHighWater, double diskShedWater) {
    static final String NAME = "repair";

    public RepairSection {
        Checks c = new Checks(NAME);
        c.require(peerDownAfter != null && !peerDownAfter.isNegative() && !peerDownAfter.isZero(),
                "peer_down_after", "must be positive");
        c.require(repairGrace != null && !repairGrace.isNegative(), "repair_grace", "must be 0 or positive");
        c.require(repairMaxPinsPerSecond > 0, "repair_max_pins_per_second",
                "must be positive, got " + repairMaxPinsPerSecond);
        c.require(rebalanceThreshold == 0 || rebalanceThreshold >= 0.05 && rebalanceThreshold <= 10,
                "rebalance_threshold", "must be 0 (off) or between 0.05 and 10, got " + rebalanceThreshold);
        c.require(rebalanceSettle != null && !rebalanceSettle.isNegative(), "rebalance_settle",
                "must be 0 or positive");
        c.require(diskHighWater > 0 && diskHighWater <= 1, "disk_high_water",
                "must be a fraction above 0 and at most 1, got " + diskHighWater);
        c.require(diskShedWater >= diskHighWater && diskShedWater <= 1, "disk_shed_water",
                "must be at least disk_high_water and at most 1, got " + diskShedWater);
        c.throwIfAny();
    }

    public static RepairSection defaults() {
        return new RepairSection(true, Duration.ofSeconds(10), Duration.ofMinutes(5), 20_000, true, 0.2,
                Duration.ofSeconds(30), 0.90, 0.95);
    }

    public RepairSection withTiming(Duration newPeerDownAfter, Duration newRepairGrace) {
        return new RepairSection(enabled, newPeerDownAfter, newRepairGrace, repairMaxPinsPerSecond, topUp,
                rebalanceThreshold, rebalanceSettle, diskHighWater, diskShedWater);
    }

    static RepairSection read(SectionReader r, RepairSection d) {
        return new RepairSection(r.bool("enabled", d.enabled()), r.duration("peer_down_after", d.peerDownAfter()),
                r.duration("repair_grace", d.repairGrace()),
                r.integer("repair_max_pins_per_second", d.repairMaxPinsPerSecond()), r.bool("top_up", d.topUp()),
                r.decimal("rebalance_threshold", d.rebalanceThreshold()),
                r.duration("rebalance_settle", d.rebalanceSettle()),
                r.decimal("disk_high_water", d.diskHighWater()), r.decimal("disk_shed_water", d.diskShedWater()));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("peer_down_after", GoDuration.format(peerDownAfter));
        o.put("repair_grace", GoDuration.format(repairGrace));
        o.put("repair_max_pins_per_second", repairMaxPinsPerSecond);
        o.put("top_up", topUp);
        o.put("rebalance_threshold", rebalanceThreshold);
        o.put("rebalance_settle", GoDuration.format(rebalanceSettle));
        o.put("disk_high_water", diskHighWater);
        o.put("disk_shed_water", diskShedWater);
    }
}
