package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nine whole peers in one JVM with {@code consensus.voters = 3} (decision 0013): six are Raft listeners, yet each is a
 * full cluster peer (its pins are allocated to it and pinned by its tracker, it answers /id with its role). A stopped
 * voter is replaced by a listener after {@code consensus.voter_replace_after}, the cluster keeps three voters and
 * writes go on; when it comes back it is a listener that still tracks its pins and follows the log.
 */
@Timeout(300)
class NinePeerListenersTest {
    private static final int PEERS = 9;

    @TempDir
    Path dir;
    private TestCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Cid addOn(ClusterAssembly peer, String content, PinOptions options) {
        List<AddedOutput> out = new ArrayList<>();
        AddRequest request = new AddRequest(options, 0, false, AddRequest.DEFAULT_CHUNK_SIZE, false, false, false,
                false, false, false, "unixfs");
        peer.api().adds().add(request, List.of(new UploadPart("f", false,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))).iterator(), out::add);
        return out.get(out.size() - 1).cid();
    }

    private static PinOptions onlyOn(PeerId peer, String name) {
        return new PinOptions(1, 1, name, PinMode.RECURSIVE, 0, List.of(peer), null, Map.of(), null, List.of());
    }

    private static TrackerStatus statusOn(ClusterAssembly peer, Cid cid) {
        GlobalPinInfo info = peer.api().status().status(cid, true);
        return info.peerMap().get(peer.peerId()).status();
    }

    @Test
    void listenersAreFullPeersAndALostVoterIsReplaced() throws Exception {
        cluster = TestCluster.builder(dir).peers(PEERS).secret("9c".repeat(32))
                .env(Map.of("PINCLUSTER_CONSENSUS_VOTERS", "3",
                        "PINCLUSTER_CONSENSUS_VOTER_REPLACE_AFTER", "3s",
                        "PINCLUSTER_MONITOR_INTERVAL", "500ms",
                        "PINCLUSTER_MONITOR_TTL", "5s"))
                .start();
        List<ClusterAssembly> peers = cluster.peers();
        List<PeerId> voters = peers.get(0).consensus().voters();
        assertThat(voters).hasSize(3);
        List<ClusterAssembly> listeners = peers.stream().filter(p -> !voters.contains(p.peerId())).toList();
        assertThat(listeners).hasSize(PEERS - 3);
        for (ClusterAssembly p : peers) {
            assertThat(p.consensus().peers()).hasSize(PEERS);
            String role = p.api().peers().id().raft().role();
            if (voters.contains(p.peerId())) {
                assertThat(role).as("/id of voter %s", p.peerId()).isIn("leader", "follower", "candidate");
            } else {
                assertThat(role).as("/id of %s", p.peerId()).isEqualTo("listener");
            }
        }
        // placement considers the peers whose free-space metric the leader holds
        await().atMost(Duration.ofSeconds(90)).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == PEERS));

        // A pin allocated to each listener, added through a voter: the listener's tracker pins it.
        ClusterAssembly voter = peers.stream().filter(p -> voters.contains(p.peerId())).findFirst().orElseThrow();
        List<Cid> cids = new ArrayList<>();
        for (ClusterAssembly l : listeners) {
            Cid cid = addOn(voter, "held by listener " + l.peerId(), onlyOn(l.peerId(), "on-listener"));
            assertThat(voter.api().pins().allocation(cid).allocations()).containsExactly(l.peerId());
            cids.add(cid);
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (int i = 0; i < listeners.size(); i++) {
                assertThat(statusOn(listeners.get(i), cids.get(i))).as("listener %d", i)
                        .isEqualTo(TrackerStatus.PINNED);
            }
        });

        // Stop a voter that does not lead: after voter_replace_after a listener takes its vote.
        PeerId leader = cluster.leader().peerId();
        ClusterAssembly lost = peers.stream().filter(p -> voters.contains(p.peerId()) && !p.peerId().equals(leader))
                .findFirst().orElseThrow();
        Cid onLost = addOn(voter, "held by the voter that will be lost", onlyOn(lost.peerId(), "on-lost"));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOn(lost, onLost) == TrackerStatus.PINNED);
        lost.close();
        List<ClusterAssembly> running = peers.stream().filter(p -> p != lost).toList();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ClusterAssembly p : running) {
                assertThat(p.consensus().voters()).as("voters seen by %s", p.peerId()).hasSize(3)
                        .doesNotContain(lost.peerId());
            }
        });
        PeerId promoted = running.get(0).consensus().voters().stream().filter(v -> !voters.contains(v))
                .findFirst().orElseThrow();
        ClusterAssembly promotedPeer = running.stream().filter(p -> p.peerId().equals(promoted)).findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(promotedPeer.api().peers().id().raft().role()).isIn("follower", "leader"));

        // Writes go on, through a listener that stayed one, onto another listener.
        List<ClusterAssembly> stillListening = running.stream()
                .filter(p -> !running.get(0).consensus().voters().contains(p.peerId())).toList();
        ClusterAssembly writer = stillListening.get(0);
        ClusterAssembly holder = stillListening.get(stillListening.size() - 1);
        Cid after = addOn(writer, "after the voter was lost", onlyOn(holder.peerId(), "after"));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOn(holder, after) == TrackerStatus.PINNED);
        assertThat(running.get(0).consensus().voters()).hasSize(3);

        // The lost voter comes back: a listener now (not shut down by the leader), with its pins, following the log;
        // the leader and its term are untouched by its return.
        PeerId leaderNow = running.get(0).consensus().leader().orElseThrow();
        ClusterAssembly leading = running.stream().filter(p -> p.peerId().equals(leaderNow)).findFirst().orElseThrow();
        long term = leading.api().peers().id().raft().term();
        cluster.forget(lost);
        ClusterAssembly back = cluster.start(cluster.dir(peers.indexOf(lost)), Map.of(), null);
        TestCluster.introduce(cluster.peers());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(back.api().peers().id().raft().role()).isEqualTo("listener");
            assertThat(back.consensus().voters()).hasSize(3).doesNotContain(back.peerId());
            assertThat(back.consensus().peers()).hasSize(PEERS);
            assertThat(statusOn(back, onLost)).as("its own pin").isEqualTo(TrackerStatus.PINNED);
        });
        Cid returned = addOn(writer, "after the voter came back", onlyOn(back.peerId(), "returned"));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOn(back, returned) == TrackerStatus.PINNED);
        assertThat(running.get(0).consensus().leader()).contains(leaderNow);
        assertThat(leading.api().peers().id().raft().term()).isEqualTo(term);
        assertThat(back.api().peers().id().raft().role()).isEqualTo("listener");
        assertThat(leading.consensus().voters()).hasSize(3);
    }
}
