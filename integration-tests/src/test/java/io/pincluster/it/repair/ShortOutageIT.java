package io.pincluster.it.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.DumpOnFailure;
import io.pincluster.it.cluster.TestCluster;
import io.pincluster.it.repair.Uploads.AddedPin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: "a peer down for less than {@code repair_grace} moves nothing". Five peer processes, small real files
 * added through {@code /add} with replication 2–2 (a pin at its maximum cannot be topped up, so any allocation
 * change is repair's). Two peers are {@code kill -9}ed at the same moment: peer X is started again at once, peer Y
 * stays down. Until {@code repair_grace} has passed, not one pin's {@code allocations} changes (compared pin by pin
 * with {@code GET /allocations} every second). After it, Y's pins are repaired, and X, back before the grace ran
 * out, keeps every allocation it had: only Y was replaced anywhere. Y is the control: it shows the grace, not a
 * missing or sleeping repair, is what kept X's pins where they were.
 *
 * <p>Counts: {@value #CI_PINS} pins by default; more with {@code -Dit.repair.pins=2000} (add
 * {@code -Djunit.jupiter.execution.timeout.mode=disabled}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class ShortOutageIT {
    static final int CI_PINS = 100;
    private static final int PINS = Integer.getInteger("it.repair.pins", CI_PINS);
    private static final List<String> ZONES = List.of("a", "a", "b", "b", "c");
    private static final Duration PEER_DOWN_AFTER = Duration.ofSeconds(5);
    private static final Duration REPAIR_GRACE = Duration.ofSeconds(30);
    /** X must answer again this long before the grace ends, or the test's premise (a short outage) fails. */
    private static final Duration BACK_BEFORE_GRACE_ENDS = Duration.ofSeconds(10);

    @Test
    void aPeerBackWithinRepairGraceKeepsEveryAllocationWhileAPeerStillDownIsRepaired() throws Exception {
        // No count rebalance: once peer-X's pins are repaired, zone c's only peer holds the most pins and the
        // rebalance may move some of them (a legitimate move, seen in a local CI run) before the final read, which
        // checks that nothing but the repair changed allocations. This test is about the grace, not the rebalance
        // (RebalanceClusterTest).
        ClusterOptions options = RepairClusters.options(ZONES, PEER_DOWN_AFTER, REPAIR_GRACE);
        try (TestCluster c = TestCluster.start(options.withSettings(options.settings()
                .with("repair.rebalance_threshold", 0)))) {
            int leader = c.awaitLeader();
            List<AddedPin> pins = Uploads.add(c, PINS, "short-outage", k -> new int[] {2, 2});
            List<String> cids = pins.stream().map(AddedPin::cid).toList();
            CopyCensus census = new CopyCensus(c);
            Set<Integer> everyone = new TreeSet<>(c.live());
            await("every pin pinned on its 2 peers").atMost(Duration.ofSeconds(60).plusMillis(100L * PINS))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> census.readFromAnyLive(cids, everyone).values()
                            .stream().allMatch(p -> p.pinnedOnLive().size() >= 2));
            Map<String, Set<Integer>> before = Allocations.read(c, leader);
            assertThat(before).as("allocations before the outage").isNotNull().containsKeys(cids.toArray(String[]::new));

            int longDown = Allocations.mostAllocated(before, everyone);
            Set<Integer> others = new TreeSet<>(everyone);
            others.remove(longDown);
            int shortDown = Allocations.mostAllocated(before, others);
            others.remove(shortDown);
            int observer = others.iterator().next();
            assertThat(Allocations.countOn(before, shortDown)).as("pins on peer-%d", shortDown).isPositive();

            Instant killedAt = Instant.now();
            c.kill(longDown);
            c.kill(shortDown);
            c.restart(shortDown);
            Duration shortOutage = Duration.between(killedAt, Instant.now());
            Instant graceEnds = killedAt.plus(REPAIR_GRACE);
            assertThat(shortOutage).as("premise: peer-%d answers again well within repair_grace", shortDown)
                    .isLessThan(REPAIR_GRACE.minus(BACK_BEFORE_GRACE_ENDS));

            Duration rest = Duration.between(Instant.now(), graceEnds);
            await("zero allocation changes while peer-" + longDown + " is down for less than repair_grace ("
                    + REPAIR_GRACE.toSeconds() + "s) and peer-" + shortDown + " was down " + shortOutage.toSeconds()
                    + "s").during(rest).atMost(rest.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(changes(before, Allocations.read(c, observer)))
                            .as("allocation changes").isEmpty());

            Set<Integer> live = new TreeSet<>(everyone);
            live.remove(longDown);
            Duration repairWithin = Duration.between(Instant.now(), killedAt.plus(PEER_DOWN_AFTER).plus(REPAIR_GRACE)
                    .plusSeconds(30).plusMillis(100L * PINS));
            await("peer-" + longDown + "'s pins repaired after repair_grace").atMost(repairWithin)
                    .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                        Map<String, PinCopies> copies = census.readFromAnyLive(cids, live);
                        List<String> problems = new ArrayList<>();
                        for (String cid : cids) {
                            PinCopies p = copies.get(cid);
                            if (p == null || p.allocatedTo().contains(longDown) || p.pinnedOnLive().size() < 2) {
                                problems.add(cid + (p == null ? " missing from the status answer"
                                        : ": allocated peers reported " + p.allocatedStatuses()));
                            }
                        }
                        if (!problems.isEmpty()) {
                            throw new AssertionError(problems.size() + " of " + cids.size() + " pins still allocated"
                                    + " to peer-" + longDown + " (down " + Duration.between(killedAt, Instant.now())
                                    .toSeconds() + "s; peer_down_after " + PEER_DOWN_AFTER.toSeconds()
                                    + "s, repair_grace " + REPAIR_GRACE.toSeconds() + "s) or below 2 live pinned "
                                    + "copies" + ". First ones:\n  "
                                    + String.join("\n  ", problems.subList(0, Math.min(5, problems.size()))));
                        }
                    });

            Map<String, Set<Integer>> after = Allocations.read(c, observer);
            assertThat(after).as("allocations after the repair, read from peer-%d", observer).isNotNull();
            List<String> moved = new ArrayList<>();
            for (Map.Entry<String, Set<Integer>> pin : before.entrySet()) {
                Set<Integer> kept = new TreeSet<>(pin.getValue());
                kept.remove(longDown);
                Set<Integer> now = after.get(pin.getKey());
                boolean untouched = pin.getValue().contains(longDown) ? now.containsAll(kept) : now.equals(pin.getValue());
                if (!untouched) {
                    moved.add(pin.getKey() + ": " + pin.getValue() + " → " + now);
                }
            }
            assertThat(moved).as("pins whose allocations changed other than by replacing peer-%d (peer-%d was back"
                    + " within repair_grace and must keep all of its)", longDown, shortDown).isEmpty();
        }
    }

    /** "cid: [0, 4] → [0, 2]" for every pin whose allocations differ; nothing when {@code now} is unreadable. */
    private static List<String> changes(Map<String, Set<Integer>> before, Map<String, Set<Integer>> now) {
        List<String> changed = new ArrayList<>();
        if (now == null) {
            return changed;
        }
        before.forEach((cid, peers) -> {
            if (!peers.equals(now.get(cid))) {
                changed.add(cid + ": " + peers + " → " + now.get(cid));
            }
        });
        return changed;
    }
}
