package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.error.ClusterException;
import io.pincluster.service.holders.HolderRegistry;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers in one JVM, real Raft, RPC and stores, content added through the add path. Holdings reports run only
 * when the test asks ({@code cluster.holder_report_interval} is an hour), so the order in which the leader learns
 * of copies is the test's: a peer that loses an allocation keeps its copy until every remaining holder is confirmed
 * in the leader's registry, and after a leader change the new leader rebuilds the registry from the peers.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HoldersClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private TestCluster cluster;
    private List<ClusterAssembly> peers = List.of();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder(dir).peers(3).secret("7b".repeat(32))
                .env(Map.of("PINCLUSTER_MONITOR_INTERVAL", "500ms",
                        "PINCLUSTER_MONITOR_TTL", "10s",
                        "PINCLUSTER_CLUSTER_HOLDER_REPORT_INTERVAL", "1h"))
                .start();
        peers = cluster.peers();
        assertThat(peers.get(0).config().cluster().holderReportInterval()).isEqualTo(Duration.ofHours(1));
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics(MetricNames.FREESPACE).size() == 3
                        && p.monitor().validMetrics(MetricNames.PING).size() == 3));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aPeerThatLosesAnAllocationKeepsItsCopyUntilTheRemainingHoldersAreConfirmed() throws Exception {
        Cid cid = add(peers.get(0), "held by three, then by two", PinOptions.DEFAULTS.withReplication(1, 3));
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p -> pinnedIn(p, cid)));

        // Fewer copies wanted: the allocator keeps the first two current peers, the third loses the pin.
        Pin repinned = peers.get(0).api().pins().pin(cid, PinOptions.DEFAULTS.withReplication(1, 2)).get();
        assertThat(repinned.allocations()).hasSize(2);
        ClusterAssembly loser = peers.stream().filter(p -> !repinned.allocations().contains(p.peerId()))
                .findFirst().orElseThrow();
        List<ClusterAssembly> remaining = peers.stream().filter(p -> p != loser).toList();
        await().atMost(PATIENCE).until(() -> localStatus(loser, cid).error().contains("make-before-break"));
        assertThat(localStatus(loser, cid).status()).isEqualTo(TrackerStatus.PINNED);
        ClusterAssembly asker = remaining.get(0);
        assertThat(asker.api().status().status(cid, false).peerMap().get(loser.peerId()).status())
                .as("the cluster-wide status counts the kept copy").isEqualTo(TrackerStatus.PINNED);
        ClusterAssembly leader = cluster.leader();
        HolderRegistry registry = leader.holders();

        // The loser reports first: the leader has heard from nobody else, so the copy stays.
        loser.holdingsReporter().reportNow();
        assertThat(registry.hasFullReport(loser.peerId())).isTrue();
        assertThat(registry.holds(loser.peerId(), cid)).isTrue();
        assertThat(registry.awaitingRelease(loser.peerId())).isEqualTo(1);
        assertThat(registry.holds(remaining.get(0).peerId(), cid)).isFalse();
        assertStillHeld(loser, cid);

        // One remaining holder confirmed, the other not yet: still kept.
        remaining.get(0).holdingsReporter().reportNow();
        assertThat(registry.holds(remaining.get(0).peerId(), cid)).isTrue();
        loser.holdingsReporter().reportNow();
        assertStillHeld(loser, cid);

        // Every remaining holder confirmed: the loser's next report gets the release and it frees its copy.
        remaining.get(1).holdingsReporter().reportNow();
        assertThat(remaining).allMatch(p -> registry.holds(p.peerId(), cid));
        loser.holdingsReporter().reportNow();
        await().atMost(PATIENCE).until(() -> loser.connector().status(cid) == NodeConnector.PinState.UNPINNED);
        assertThat(localStatus(loser, cid).error()).isEmpty();
        assertThat(remaining).allMatch(p -> pinnedIn(p, cid));

        loser.holdingsReporter().reportNow();
        assertThat(registry.holds(loser.peerId(), cid)).isFalse();
        assertThat(registry.awaitingRelease(loser.peerId())).isZero();
    }

    @Test
    @Order(2)
    void afterALeaderChangeTheNewLeaderRebuildsItsRegistryFromThePeers() throws Exception {
        Cid cid = add(peers.get(0), "held everywhere", PinOptions.DEFAULTS.withReplication(-1, -1));
        // A pin held everywhere has no allocations, so the add pushes its blocks nowhere; the other peers asked the
        // leader who holds it (decision 0022) before the adder reported its copy, heard "nobody" and wait. With
        // reports every hour here, report rounds (the adder's first) pass the adder's copy on and wake them.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (ClusterAssembly p : peers) {
                p.holdingsReporter().reportNow();
            }
            return peers.stream().allMatch(p -> pinnedIn(p, cid));
        });
        for (ClusterAssembly p : peers) {
            p.holdingsReporter().reportNow();
        }
        ClusterAssembly oldLeader = cluster.leader();
        assertRegistryMatchesTheStores(oldLeader.holders(), peers);

        oldLeader.close();
        List<ClusterAssembly> survivors = peers.stream().filter(p -> p != oldLeader).toList();
        await().atMost(PATIENCE).until(() -> survivors.get(0).consensus().leader()
                .filter(l -> !l.equals(oldLeader.peerId())).isPresent());
        PeerId newLeaderId = survivors.get(0).consensus().leader().orElseThrow();
        ClusterAssembly newLeader = survivors.stream().filter(p -> p.peerId().equals(newLeaderId)).findFirst()
                .orElseThrow();
        await().atMost(PATIENCE).until(() -> survivors.get(1).consensus().leader().equals(
                java.util.Optional.of(newLeaderId)));
        HolderRegistry registry = newLeader.holders();
        assertThat(survivors).noneMatch(p -> registry.hasFullReport(p.peerId()) || registry.holds(p.peerId(), cid));

        // One round each: the new leader answers the first change report "resync", the full report follows.
        for (ClusterAssembly p : survivors) {
            retryWhileElecting(() -> p.holdingsReporter().reportNow());
        }

        assertRegistryMatchesTheStores(registry, survivors);
        assertThat(survivors).allMatch(p -> registry.holds(p.peerId(), cid));
        assertThat(registry.hasFullReport(oldLeader.peerId())).isFalse();
    }

    private static void assertRegistryMatchesTheStores(HolderRegistry registry, List<ClusterAssembly> holders) {
        for (ClusterAssembly p : holders) {
            Set<Cid> held;
            try (Stream<Cid> pins = p.connector().pins()) {
                held = pins.collect(Collectors.toSet());
            }
            assertThat(held).isNotEmpty();
            assertThat(registry.hasFullReport(p.peerId())).as(p.peerId().toString()).isTrue();
            assertThat(held).allMatch(c -> registry.holds(p.peerId(), c));
            assertThat(registry.heldCount(p.peerId())).isEqualTo(held.size());
        }
    }

    private static void retryWhileElecting(Runnable round) {
        await().atMost(PATIENCE).ignoreException(ClusterException.class).until(() -> {
            round.run();
            return true;
        });
    }

    private static void assertStillHeld(ClusterAssembly peer, Cid cid) {
        assertThat(peer.connector().status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);
        assertThat(localStatus(peer, cid).error()).contains("make-before-break");
    }

    /** What the peer's tracker says, as the peer RPC's status call answers it. */
    private static PinInfo localStatus(ClusterAssembly peer, Cid cid) {
        return peer.rpcClient().status(peer.peerId(), cid);
    }

    private static boolean pinnedIn(ClusterAssembly peer, Cid cid) {
        return peer.connector().status(cid) == NodeConnector.PinState.RECURSIVE;
    }

    private static Cid add(ClusterAssembly peer, String content, PinOptions options) {
        List<AddedOutput> out = new ArrayList<>();
        AddRequest request = new AddRequest(options, 0, false, AddRequest.DEFAULT_CHUNK_SIZE, false, false, false,
                false, false, false, "unixfs");
        peer.api().adds().add(request, List.of(new UploadPart("f", false,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))).iterator(), out::add);
        return out.get(out.size() - 1).cid();
    }
}
