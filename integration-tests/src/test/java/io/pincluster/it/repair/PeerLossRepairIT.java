package io.pincluster.it.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.it.cluster.DumpOnFailure;
import io.pincluster.it.cluster.TestCluster;
import io.pincluster.it.repair.Uploads.AddedPin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12's first "must show": five peer processes in three zones (a, a, b, b, c), small real files added
 * through {@code /add}, half pinned with replication 2–3 and half with 2–2 (a 2–2 pin on the lost peer drops
 * below its minimum, a 2–3 pin keeps it but still has to leave the dead peer). The peer holding the most copies
 * is {@code kill -9}ed: within {@code repair.peer_down_after + repair.repair_grace} plus transfer time, no pin
 * is allocated to it any more and every pin has at least its minimum of live {@code pinned} copies, in at least
 * two zones. Then the peer holding the most copies of the four left is killed (three of five up, still a Raft
 * majority): the same again. Both peers are started again: each ends up holding exactly the pins allocated to it,
 * and the blocks of every other pin are gone from its disk after a local {@code POST /ipfs/gc}. A
 * {@link ZeroCopySampler} reads pin statuses for the whole test and fails it with every pin it ever saw with no
 * live copy.
 *
 * <p>Counts: {@value #CI_PINS} pins by default (two shared cores in CI); the headline count with
 * {@code -Dit.repair.pins=2000} (waits scale with the count; add
 * {@code -Djunit.jupiter.execution.timeout.mode=disabled} since the class timeout is sized for CI).
 *
 * <pre>mvn -B -o -pl integration-tests -am verify -Dit.test=PeerLossRepairIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class PeerLossRepairIT {
    static final int CI_PINS = 200;
    private static final int PINS = Integer.getInteger("it.repair.pins", CI_PINS);
    private static final List<String> ZONES = List.of("a", "a", "b", "b", "c");
    private static final Duration PEER_DOWN_AFTER = Duration.ofSeconds(5);
    private static final Duration REPAIR_GRACE = Duration.ofSeconds(2);
    /** Detection, grace, then re-pinning every moved copy from the surviving holders. */
    private static final Duration REPAIR_WITHIN = PEER_DOWN_AFTER.plus(REPAIR_GRACE).plusSeconds(45)
            .plusMillis(100L * PINS);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    @Test
    void killedPeersPinsAreRepairedNoPinEverLosesItsLastLiveCopyAndReturnersKeepOnlyTheirAllocations()
            throws Exception {
        try (TestCluster c = TestCluster.start(RepairClusters.options(ZONES, PEER_DOWN_AFTER, REPAIR_GRACE))) {
            c.awaitLeader();
            List<AddedPin> pins = Uploads.add(c, PINS, "peer-loss",
                    k -> k % 2 == 0 ? new int[] {2, 3} : new int[] {2, 2});
            List<String> cids = pins.stream().map(AddedPin::cid).toList();
            Set<Integer> live = new TreeSet<>(c.live());
            Set<Integer> dead = new TreeSet<>();
            CopyCensus census = new CopyCensus(c);
            awaitCopies(c, census, pins, live, dead, Duration.ofSeconds(60).plusMillis(100L * PINS),
                    "before any kill", null);

            int first = Allocations.mostAllocated(Allocations.read(c, c.awaitLeader()), live);
            PeerHoldings.assertBlocksOnDisk(c, census, cids, live, first);
            try (ZeroCopySampler sampler = ZeroCopySampler.start(c, cids, SAMPLE_EVERY)) {
                kill(c, sampler, live, dead, first);
                awaitCopies(c, census, pins, live, dead, REPAIR_WITHIN, "after peer-" + first + " was killed",
                        sampler);

                int second = Allocations.mostAllocated(Allocations.read(c, c.awaitLeader(List.copyOf(live),
                        Duration.ofSeconds(60))), live);
                kill(c, sampler, live, dead, second);
                awaitCopies(c, census, pins, live, dead, REPAIR_WITHIN, "after peer-" + second
                        + " was killed too (3 of 5 up)", sampler);

                for (int back : List.of(first, second)) {
                    c.restart(back);
                    live.add(back);
                    dead.remove(back);
                    sampler.peerBackUp(back);
                }
                for (int back : List.of(first, second)) {
                    PeerHoldings.awaitHoldsOnlyItsAllocations(c, census, cids, live, back);
                }

                assertThat(sampler.zeroCopyLedger()).as("pins the sampler saw with no live pinned copy (%s)",
                        sampler.summary()).isEmpty();
                assertThat(sampler.rounds()).as("the sampler read the whole pinset again and again: %s",
                        sampler.summary()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    private static void kill(TestCluster c, ZeroCopySampler sampler, Set<Integer> live, Set<Integer> dead, int peer) {
        sampler.peerGoingDown(peer);
        live.remove(peer);
        dead.add(peer);
        c.kill(peer);
    }

    /**
     * Waits until every pin is allocated to no dead peer and has at least its minimum of live {@code pinned}
     * copies in at least two zones; the failure lists the pins that are not, fewest live copies first, with where
     * their copies are (and what the {@code sampler}, when one runs, has seen so far).
     */
    private static void awaitCopies(TestCluster c, CopyCensus census, List<AddedPin> pins, Set<Integer> live,
                                    Set<Integer> dead, Duration within, String when, ZeroCopySampler sampler) {
        await("every pin at ≥ rf-min live copies in ≥ 2 zones " + when).atMost(within)
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Map<String, PinCopies> copies = census.readFromAnyLive(pins.stream().map(AddedPin::cid).toList(),
                            live);
                    List<PinCopies> unrepaired = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    for (AddedPin pin : pins) {
                        PinCopies p = copies.get(pin.cid());
                        if (p == null) {
                            missing.add("pin " + pin.cid() + " is missing from the status answer");
                        } else if (!repaired(p, pin, dead)) {
                            unrepaired.add(p);
                        }
                    }
                    if (!missing.isEmpty() || !unrepaired.isEmpty()) {
                        Map<String, AddedPin> byCid = pins.stream().collect(Collectors.toMap(AddedPin::cid, p -> p));
                        List<String> problems = new ArrayList<>(missing);
                        unrepaired.stream().sorted(Comparator.comparingInt(p -> p.pinnedOnLive().size()))
                                .map(p -> problem(p, byCid.get(p.cid()), dead)).forEach(problems::add);
                        throw new AssertionError(problems.size() + " of " + pins.size() + " pins not repaired "
                                + when + " (dead: " + PinCopies.describe(dead, ZONES) + ", peer_down_after "
                                + PEER_DOWN_AFTER.toSeconds() + "s, repair_grace " + REPAIR_GRACE.toSeconds() + "s)"
                               
                                + (sampler == null ? "" : "; sampler: " + sampler.summary())
                                + ". Fewest live copies first:\n  " + String.join("\n  ", problems.subList(0,
                                Math.min(5, problems.size()))));
                    }
                });
    }

    private static boolean repaired(PinCopies p, AddedPin pin, Set<Integer> dead) {
        return p.pinnedOnLive().size() >= pin.rfMin() && p.liveZones(ZONES).size() >= 2
                && p.allocatedTo().stream().noneMatch(dead::contains);
    }

    private static String problem(PinCopies p, AddedPin pin, Set<Integer> dead) {
        Set<Integer> onDead = p.allocatedTo().stream().filter(dead::contains).collect(Collectors.toSet());
        Set<String> zones = p.liveZones(ZONES);
        return "pin " + pin.cid() + " (rf " + pin.rfMin() + "-" + pin.rfMax() + ") has " + p.pinnedOnLive().size()
                + " live pinned cop" + (p.pinnedOnLive().size() == 1 ? "y " : "ies ")
                + PinCopies.describe(p.pinnedOnLive(), ZONES) + " in " + zones.size() + " zone(s), expected ≥ "
                + pin.rfMin() + " in ≥ 2 zones" + (onDead.isEmpty() ? ""
                : ", and is still allocated to dead " + PinCopies.describe(onDead, ZONES))
                + "; allocated peers reported " + p.allocatedStatuses();
    }
}
