package io.pincluster.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.DumpOnFailure;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import io.pincluster.it.repair.CopyCensus;
import io.pincluster.it.repair.PinCopies;
import io.pincluster.it.repair.RepairClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12's chaos run. Five peer processes in three zones (a, a, b, b, c), {@code repair.peer_down_after}
 * {@value #PEER_DOWN_AFTER_S}s and {@code repair.repair_grace} {@value #REPAIR_GRACE_S}s, every Raft and cluster
 * RPC link through a proxy the test can cut. For {@code chaos.duration} a {@link PinWriter} adds small files
 * ({@code /add}, replication 2–3) and unpins some of them through whichever peer answers, keeping a
 * {@link PinLedger} of every write the API acknowledged, while a {@link ChaosSchedule} seeded by {@code chaos.seed}
 * {@code kill -9}s, restarts and cuts off peers at random (never more than two unavailable at once). Then every cut
 * is healed and every killed peer restarted, and within {@link #settleWithin} the cluster must have:
 * <ul>
 *   <li>every acknowledged pin (minus acknowledged unpins) in every peer's pinset ({@code GET /allocations}), and no
 *       acknowledged unpin in any;</li>
 *   <li>every pin at least at its {@code replication_factor_min} of {@code pinned} copies ({@code GET /pins});</li>
 *   <li>the same pinset on all five peers;</li>
 *   <li>{@code under_replicated} 0 and {@code lost} 0 in the leader's {@code GET /health/repair}.</li>
 * </ul>
 * A failure names the seed (replay the same schedule with {@code -Dchaos.seed=}), the schedule's actions, the
 * writer's tallies and the ledger's differences.
 *
 * <p>60 seconds by default, in every {@code mvn verify} (about 2–3 minutes on two cores). The 10-minute run:
 * <pre>mvn -B -pl integration-tests -am verify -Pchaos</pre>
 * (the {@code chaos} profile of integration-tests runs only this test, with {@code chaos.duration=10m}); any
 * length and seed with {@code -Dit.test=ChaosIT -Dchaos.duration=5m -Dchaos.seed=42}.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // a backstop for the 10-minute run: every wait below is bounded
@ExtendWith(DumpOnFailure.class)
class ChaosIT {
    static final int PEER_DOWN_AFTER_S = 3;
    static final int REPAIR_GRACE_S = 5;
    private static final List<String> ZONES = List.of("a", "a", "b", "b", "c");
    /** A write on a peer without quorum gives up after this: short, so the writer moves on to another peer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Modest: about three writes a second, room on two cores for five JVMs and their restarts. */
    private static final Duration WRITE_EVERY = Duration.ofMillis(300);
    private static final Duration CHAOS_OVERRUN = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofSeconds(2);

    private ChaosSchedule chaos;
    private PinWriter writer;

    @Test
    void nothingAcknowledgedIsLostEveryPinKeepsItsMinimumAndAllPeersAgreeAfterRandomKillsRestartsAndCuts()
            throws Exception {
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        System.out.println("ChaosIT: " + settings.describe());
        PinLedger ledger = new PinLedger();
        try (TestCluster c = TestCluster.start(RepairClusters.options(ZONES, Duration.ofSeconds(PEER_DOWN_AFTER_S),
                Duration.ofSeconds(REPAIR_GRACE_S)).withProxies(true).withRequestTimeout(REQUEST_TIMEOUT))) {
            c.awaitLeader();
            try {
                runChaos(c, settings, ledger);
                assertThat(chaos.counts()).as("the schedule killed, restarted and cut off peers")
                        .containsKeys(ChaosSchedule.Action.KILL, ChaosSchedule.Action.RESTART,
                                ChaosSchedule.Action.PARTITION);
                assertThat(writer.anomalies()).as("answers the writer did not expect").isEmpty();
                assertThat(writer.acknowledged()).as("the load got writes through the chaos: %s", writer.summary())
                        .isGreaterThanOrEqualTo(settings.duration().toSeconds() / 6);
                await("after the chaos: every acknowledged pin everywhere, every pin at its minimum of copies,"
                        + " all peers agree, nothing under-replicated or lost").atMost(settleWithin(settings))
                        .pollInterval(POLL).untilAsserted(() -> assertSettled(c, ledger));
            } catch (AssertionError | Exception e) { // a timeout, a failed action, a failed check: all need it
                throw new AssertionError(context(settings, ledger) + "\n" + e.getMessage(), e);
            }
            System.out.println("ChaosIT passed: " + context(settings, ledger));
        }
    }

    /** The chaos for its duration under load; then the writer stops and every fault ends. */
    private void runChaos(TestCluster c, ChaosSettings settings, PinLedger ledger) throws Exception {
        writer = PinWriter.start(c, ledger, settings.seed(), WRITE_EVERY);
        chaos = ChaosSchedule.start(c, settings.seed(), settings.duration());
        try {
            chaos.finished().get(settings.duration().plus(CHAOS_OVERRUN).toSeconds(), TimeUnit.SECONDS);
        } finally {
            chaos.close();
            writer.close();
        }
        chaos.endAllFaults();
    }

    /** Two minutes, plus a tenth of the chaos: the longer the run, the more pins to check and repair. */
    private static Duration settleWithin(ChaosSettings settings) {
        return Duration.ofMinutes(2).plus(settings.duration().dividedBy(10));
    }

    /** Throws, naming every problem, unless the cluster is in the state the chaos run must end in. */
    private static void assertSettled(TestCluster c, PinLedger ledger) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Set<String>> pinsets = new TreeMap<>();
        for (int i = 0; i < c.size(); i++) {
            Set<String> pinset = c.pinset(i);
            if (pinset == null) {
                problems.add("peer-" + i + " does not answer GET /allocations");
            } else {
                pinsets.put(i, pinset);
                problems.addAll(ledger.diff("peer-" + i, pinset));
            }
        }
        Set<String> first = pinsets.values().stream().findFirst().orElse(Set.of());
        pinsets.forEach((i, pinset) -> {
            if (!pinset.equals(first)) {
                problems.add("peer-" + i + "'s pinset (" + pinset.size() + " pins) differs from peer-"
                        + pinsets.keySet().iterator().next() + "'s (" + first.size() + " pins)");
            }
        });
        int leader = problems.isEmpty() ? checkRepairCounts(c, problems) : -1;
        if (leader >= 0) {
            checkCopies(c, leader, problems);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** The leader's {@code /health/repair} must show nothing under-replicated or lost; returns the leader. */
    private static int checkRepairCounts(TestCluster c, List<String> problems) {
        for (int i = 0; i < c.size(); i++) {
            RestClient.Answer a = c.peer(i).client().get("/health/repair");
            if (a.status() == 200 && a.json().path("leader").asBoolean()) {
                JsonNode repair = a.json();
                if (repair.path("under_replicated").asLong(-1) != 0 || repair.path("lost").asLong(-1) != 0) {
                    problems.add("the leader peer-" + i + "'s /health/repair: " + repair);
                }
                return i;
            }
        }
        problems.add("no peer's GET /health/repair says it is the leader");
        return -1;
    }

    /** Every pin in the leader's pinset must have at least its minimum of {@code pinned} copies. */
    private static void checkCopies(TestCluster c, int leader, List<String> problems) {
        RestClient.Answer a = c.peer(leader).client().call("GET", "/allocations", Duration.ofSeconds(60));
        if (!a.ok()) {
            problems.add("the leader peer-" + leader + " does not answer GET /allocations: " + a.status());
            return;
        }
        Map<String, Integer> rfMin = new TreeMap<>();
        for (JsonNode pin : a.lines()) {
            int min = pin.path("replication_factor_min").asInt();
            rfMin.put(pin.path("cid").asText(), min < 1 ? c.size() : min); // -1 or 0: on every peer
        }
        Set<Integer> everyone = new TreeSet<>(c.live());
        Map<String, PinCopies> copies = new CopyCensus(c).readFromAnyLive(List.copyOf(rfMin.keySet()), everyone);
        List<String> short_ = new ArrayList<>();
        rfMin.forEach((cid, min) -> {
            PinCopies p = copies.get(cid);
            if (p == null) {
                short_.add(cid + " is missing from the status answer");
            } else if (p.pinnedOnLive().size() < min) {
                short_.add(cid + " has " + p.pinnedOnLive().size() + " pinned copies, needs " + min + ": "
                        + p.allocatedStatuses());
            }
        });
        if (!short_.isEmpty()) {
            problems.add(short_.size() + " of " + rfMin.size() + " pins below their minimum of copies, e.g. "
                    + short_.subList(0, Math.min(10, short_.size())));
        }
    }

    /** The seed, the actions, the load's tallies and the ledger: what a failure needs to be understood. */
    private String context(ChaosSettings settings, PinLedger ledger) {
        return settings.describe() + "\nload: " + (writer == null ? "not started" : writer.summary()
                + (writer.anomalies().isEmpty() ? "" : ", unexpected: " + writer.anomalies()))
                + "\nledger: " + ledger.summary() + "\nchaos actions" + (chaos == null ? "" : " " + chaos.counts())
                + ":\n  "
                + (chaos == null ? "(none)" : String.join("\n  ", chaos.log()));
    }
}
