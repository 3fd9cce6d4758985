package io.pincluster.it.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.DumpOnFailure;
import io.pincluster.it.cluster.RestClient;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: "one of five peers frozen with SIGSTOP: status on another peer answers within a second; after
 * {@code repair_grace} its pins are repaired like a dead peer's; after SIGCONT it rejoins and cleans up only what
 * moved". A frozen peer is the hard case for failure detection: its sockets stay open, so nothing is refused,
 * calls just never come back. Five peer processes in three zones, small real files added through {@code /add}
 * with replication 2–2 and rebalancing off (any allocation change is then repair's). The follower holding the most
 * copies is frozen; a {@link ZeroCopySampler} reads statuses for the whole test.
 *
 * <ol>
 *   <li>{@code GET /pins/{cid}} and {@code GET /pins} on a live peer answer within a second.</li>
 *   <li>After {@code peer_down_after + repair_grace} no pin is allocated to the frozen peer, every pin has 2 live
 *       pinned copies in 2 zones, and no pin that never was on the frozen peer changed its allocations.</li>
 *   <li>SIGCONT: the peer answers again and ends up holding exactly what is allocated to it now, its copies of
 *       the moved pins freed from disk.</li>
 * </ol>
 *
 * <pre>mvn -B -o -pl integration-tests -am verify -Dit.test=FrozenPeerRepairIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
@Tag("runs-alone") // it times answers: see integration-tests/pom.xml
class FrozenPeerRepairIT {
    static final int CI_PINS = 100;
    private static final int PINS = Integer.getInteger("it.repair.pins", CI_PINS);
    private static final List<String> ZONES = List.of("a", "a", "b", "b", "c");
    private static final Duration PEER_DOWN_AFTER = Duration.ofSeconds(5);
    private static final Duration REPAIR_GRACE = Duration.ofSeconds(10);
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(1);

    @Test
    void aFrozenPeersPinsAreRepairedAndItCleansUpOnlyWhatMovedWhenItResumes() throws Exception {
        ClusterOptions options = RepairClusters.options(ZONES, PEER_DOWN_AFTER, REPAIR_GRACE);
        // Rebalancing off: every allocation change in this test is then the frozen peer's repair.
        options = options.withSettings(options.settings().with("repair.rebalance_threshold", 0));
        try (TestCluster c = TestCluster.start(options)) {
            int leader = c.awaitLeader();
            List<AddedPin> pins = Uploads.add(c, PINS, "frozen-peer", k -> new int[] {2, 2});
            List<String> cids = pins.stream().map(AddedPin::cid).toList();
            Set<Integer> everyone = new TreeSet<>(c.live());
            CopyCensus census = new CopyCensus(c);
            await("every pin pinned on its 2 peers").atMost(Duration.ofSeconds(60).plusMillis(100L * PINS))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> census.readFromAnyLive(cids, everyone).values()
                            .stream().allMatch(p -> p.pinnedOnLive().size() >= 2));

            Map<String, Set<Integer>> before = Allocations.read(c, leader);
            assertThat(before).as("allocations before the freeze").isNotNull();
            Set<Integer> followers = new TreeSet<>(everyone);
            followers.remove(leader);
            int frozen = Allocations.mostAllocated(before, followers);
            PeerHoldings.assertBlocksOnDisk(c, census, cids, everyone, frozen);
            Set<Integer> live = new TreeSet<>(everyone);
            live.remove(frozen);
            int observer = live.stream().filter(p -> p != leader).findFirst().orElseThrow();
            RestClient client = c.peer(observer).client();

            try (ZeroCopySampler sampler = ZeroCopySampler.start(c, cids, Duration.ofMillis(500))) {
                sampler.peerGoingDown(frozen);
                Instant frozenAt = Instant.now();
                c.freeze(frozen);
                try {
                    assertAnswersWithin(client, "/pins/" + cids.get(0));
                    assertAnswersWithin(client, "/pins");

                    Duration repairWithin = PEER_DOWN_AFTER.plus(REPAIR_GRACE).plusSeconds(45)
                            .plusMillis(100L * PINS);
                    await("the frozen peer-" + frozen + "'s pins repaired").atMost(repairWithin)
                            .pollInterval(Duration.ofSeconds(2))
                            .untilAsserted(() -> assertRepairedWithout(census, cids, live, frozen));
                    assertThat(Duration.between(frozenAt, Instant.now())).as("repair waited for peer_down_after"
                            + " and repair_grace").isGreaterThanOrEqualTo(PEER_DOWN_AFTER.plus(REPAIR_GRACE));
                    Map<String, Set<Integer>> repaired = Allocations.read(c, observer);
                    assertThat(repaired).as("allocations after the repair").isNotNull();
                    assertThat(movedElsewhere(before, repaired, frozen)).as("pins whose allocations changed other"
                            + " than by replacing the frozen peer-%d", frozen).isEmpty();
                } finally {
                    c.thaw(frozen);
                }
                sampler.peerBackUp(frozen);
                live.add(frozen);
                await("the resumed peer-" + frozen + " answers").atMost(Duration.ofSeconds(30))
                        .until(() -> c.peer(frozen).client().get("/id").ok());
                PeerHoldings.awaitHoldsOnlyItsAllocations(c, census, cids, live, frozen);

                assertThat(sampler.zeroCopyLedger()).as("pins the sampler saw with no live pinned copy (%s)",
                        sampler.summary()).isEmpty();
                assertThat(sampler.rounds()).as("the sampler read the whole pinset repeatedly: %s",
                        sampler.summary()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    private static void assertAnswersWithin(RestClient client, String path) {
        long start = System.nanoTime();
        RestClient.Answer answer = client.call("GET", path, Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
        assertThat(took).as("GET %s with a frozen peer", path).isLessThan(ANSWER_BOUND);
    }

    private static void assertRepairedWithout(CopyCensus census, List<String> cids, Set<Integer> live, int frozen) {
        Map<String, PinCopies> copies = census.readFromAnyLive(cids, live);
        List<String> problems = new ArrayList<>();
        for (String cid : cids) {
            PinCopies p = copies.get(cid);
            if (p == null) {
                problems.add(cid + " missing from the status answer");
            } else if (p.allocatedTo().contains(frozen) || p.pinnedOnLive().size() < 2
                    || p.liveZones(ZONES).size() < 2) {
                problems.add(cid + ": allocated peers reported " + p.allocatedStatuses());
            }
        }
        assertThat(problems).as("pins still allocated to the frozen peer-%d or below 2 live copies in 2 zones",
                frozen).isEmpty();
    }

    /** Pins whose allocations changed in any way other than the frozen peer being replaced. */
    private static List<String> movedElsewhere(Map<String, Set<Integer>> before, Map<String, Set<Integer>> after,
                                               int frozen) {
        List<String> moved = new ArrayList<>();
        before.forEach((cid, peers) -> {
            Set<Integer> kept = new TreeSet<>(peers);
            kept.remove(frozen);
            Set<Integer> now = after.get(cid);
            boolean untouched = now != null && (peers.contains(frozen) ? now.containsAll(kept) : now.equals(peers));
            if (!untouched) {
                moved.add(cid + ": " + peers + " → " + now);
            }
        });
        return moved;
    }
}
