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
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.health.PeerState;
import io.pincluster.service.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four in-JVM peers with embedded stores, real Raft, RPC and content: a peer that stops is judged down after
 * {@code peer_down_after}, and the leader re-allocates every pin it held to the live peers, where the content is
 * copied from the surviving holder; the move log says why.
 */
@Timeout(240)
class RepairClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aStoppedPeersPinsAreReallocatedToLivePeersAndCopied() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(4).secret("7e".repeat(32))
                .env(TestCluster.FAST_REPAIR)
                .env(Map.of("PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0")) // moves here are repairs and drains only
                .start()) {
            List<ClusterAssembly> peers = new ArrayList<>(cluster.peers());
            await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                    p.monitor().validMetrics("freespace").size() == 4));
            List<Cid> cids = addFiles(peers.get(0), "repair", 12, 2, 2);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));

            // Stop the non-leader peer holding the most copies (the leader would first have to hand over).
            ClusterAssembly leader = cluster.leader();
            Map<PeerId, Long> held = new HashMap<>();
            for (Cid cid : cids) {
                leader.consensus().state().get(cid).orElseThrow().allocations().forEach(p -> held.merge(p, 1L, Long::sum));
            }
            ClusterAssembly victim = peers.stream().filter(p -> p != leader)
                    .max(Comparator.comparingLong(p -> held.getOrDefault(p.peerId(), 0L))).orElseThrow();
            PeerId gone = victim.peerId();
            assertThat(held.getOrDefault(gone, 0L)).as("the victim holds copies").isPositive();
            victim.close();
            cluster.forget(victim);
            peers.remove(victim);

            await().atMost(PATIENCE).until(() -> leader.health().state(gone) == PeerState.DOWN);
            await().atMost(PATIENCE).untilAsserted(() -> {
                for (Cid cid : cids) {
                    Pin pin = leader.consensus().state().get(cid).orElseThrow();
                    assertThat(pin.allocations()).as("allocations of %s", cid).doesNotContain(gone).hasSize(2);
                    assertThat(pinnedOnEveryAllocation(peers, cid)).as("%s pinned on %s", cid, pin.allocations())
                            .isTrue();
                }
            });
            List<AllocationChange> moves = leader.repair().allocationChanges(null, 100);
            assertThat(moves).hasSize((int) (long) held.get(gone));
            assertThat(moves).allSatisfy(m -> {
                assertThat(m.from()).contains(gone);
                assertThat(m.to()).doesNotContain(gone);
                assertThat(m.reason()).contains("peer " + gone + " down since");
                assertThat(m.kind()).isEqualTo(MoveKind.REPAIR);
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                RepairSummary report = leader.repair().repairSummary();
                assertThat(report.leader()).isTrue();
                assertThat(report.repaired()).isEqualTo((long) moves.size());
                assertThat(report.moves()).containsEntry(MoveKind.REPAIR, (long) moves.size());
                assertThat(report.underReplicated()).isZero();
                assertThat(report.queued()).isZero();
                assertThat(report.inFlight()).isZero();
                assertThat(report.peers().get(gone).state()).isEqualTo("down");
            });
        }
    }
}
