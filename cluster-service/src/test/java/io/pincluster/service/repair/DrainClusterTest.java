package io.pincluster.service.repair;

import static io.pincluster.service.testing.ClusterContent.addFiles;
import static io.pincluster.service.testing.ClusterContent.pinnedOnEveryAllocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.health.PeerState;
import io.pincluster.service.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four in-JVM peers with embedded stores: a drained live peer ends up holding nothing while every pin keeps its
 * copies, and {@code DELETE /peers/{id}} of a live peer drains it and then removes it; a peer in maintenance that
 * stops moves nothing, however long it is down.
 */
@Timeout(240)
class DrainClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private TestCluster start() throws Exception {
        TestCluster cluster = TestCluster.builder(dir).peers(4).secret("8f".repeat(32))
                .env(TestCluster.FAST_REPAIR)
                .env(Map.of("PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0")) // moves here are repairs and drains only
                .start();
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 4));
        // Every peer has registered its addresses: an operator request made while a peer still registers itself
        // can be overwritten by that registration (see SelfRegistration), so the tests start after it.
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> p.consensus().directory()
                .stream().filter(r -> !r.rpcAddress().isEmpty()).count() == 4));
        return cluster;
    }

    @Test
    void removingALivePeerDrainsItToNothingAndThenRemovesIt() throws Exception {
        try (TestCluster cluster = start()) {
            List<ClusterAssembly> peers = cluster.peers();
            List<Cid> cids = addFiles(peers.get(0), "drain", 10, 2, 2);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));
            ClusterAssembly leader = cluster.leader();
            ClusterAssembly victim = busiestFollower(peers, leader);
            PeerId drained = victim.peerId();

            boolean removedNow = leader.api().peers().removePeer(drained, false);

            assertThat(removedNow).as("a live peer is drained first").isFalse();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(leader.consensus().state().allocationCount(drained)).isZero();
                for (Cid cid : cids) {
                    Pin pin = leader.consensus().state().get(cid).orElseThrow();
                    assertThat(pin.allocations()).hasSize(2);
                    assertThat(pinnedOnEveryAllocation(peers, cid)).as("%s on %s", cid, pin.allocations()).isTrue();
                }
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                try (Stream<Cid> held = victim.connector().pins()) {
                    assertThat(held).as("the drained peer released every copy").isEmpty();
                }
                assertThat(leader.consensus().peers()).doesNotContain(drained);
            });
            List<AllocationChange> moves = leader.repair().allocationChanges(null, 100);
            assertThat(moves).isNotEmpty()
                    .allSatisfy(c -> {
                        assertThat(c.reason()).contains("peer " + drained + " draining");
                        assertThat(c.kind()).isEqualTo(MoveKind.DRAIN);
                    });
            // GET /health/moves answers the same on a follower: it asks every member for the moves it made as leader
            ClusterAssembly follower = cluster.peers().stream()
                    .filter(p -> p != leader && !p.peerId().equals(drained)).findFirst().orElseThrow();
            List<AllocationChange> leaderMoves = leader.repair().allocationChanges(null, 10_000);
            assertThat(follower.api().repair().allocationChanges(null, 10_000)).containsAll(leaderMoves)
                    .isSortedAccordingTo(Comparator.comparing(AllocationChange::at).reversed());
            AllocationChange one = leaderMoves.get(leaderMoves.size() - 1);
            assertThat(follower.api().repair().allocationChanges(one.cid(), 10_000)).contains(one)
                    .allSatisfy(c -> assertThat(c.cid()).isEqualTo(one.cid()));
            assertThat(follower.api().repair().allocationChanges(null, 1)).hasSize(1);
        }
    }

    @Test
    void aPeerInMaintenanceThatGoesDownMovesNothing() throws Exception {
        try (TestCluster cluster = start()) {
            List<ClusterAssembly> peers = new ArrayList<>(cluster.peers());
            List<Cid> cids = addFiles(peers.get(0), "maintenance", 6, 2, 2);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));
            ClusterAssembly leader = cluster.leader();
            ClusterAssembly victim = busiestFollower(peers, leader);
            PeerId resting = victim.peerId();
            leader.api().peers().maintenance(resting, Instant.now().plus(Duration.ofHours(1)));
            await().atMost(PATIENCE).until(() -> leader.repair().repairSummary().peers().get(resting) != null
                    && leader.repair().repairSummary().peers().get(resting).maintenanceUntil() != null);

            victim.close();
            cluster.forget(victim);
            await().atMost(PATIENCE).until(() -> leader.health().state(resting) == PeerState.DOWN);
            // grace 0: without the maintenance its pins would move at the next pass (every second)
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() ->
                    leader.repair().allocationChanges(null, 10).isEmpty()
                            && leader.consensus().state().allocationCount(resting) > 0);

            leader.api().peers().maintenance(resting, null);
            await().atMost(PATIENCE).until(() -> leader.consensus().state().allocationCount(resting) == 0);
        }
    }

    private static ClusterAssembly busiestFollower(List<ClusterAssembly> peers, ClusterAssembly leader) {
        return peers.stream().filter(p -> p != leader)
                .max(Comparator.comparingLong(p -> leader.consensus().state().allocationCount(p.peerId())))
                .orElseThrow();
    }
}
