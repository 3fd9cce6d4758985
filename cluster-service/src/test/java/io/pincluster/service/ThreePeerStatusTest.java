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
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers initialised the way {@code pincluster up} would (init, then init --force with the peer list and one
 * secret), started in one JVM: the pinset is shared, allocations follow the options, and each peer reports its own
 * tracker status plus {@code remote} for peers outside the allocations.
 */
@Timeout(180)
class ThreePeerStatusTest {
    private static final Map<String, String> QUICK_ELECTIONS = Map.of(
            "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MIN", "500ms",
            "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MAX", "1s",
            "PINCLUSTER_CLUSTER_RPC_LISTEN", "127.0.0.1:0");

    @TempDir
    Path dir;
    private final List<ClusterAssembly> peers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        peers.forEach(ClusterAssembly::close);
    }

    private void startCluster() throws Exception {
        String secret = "5a".repeat(32);
        Map<PeerId, ListenAddress> raft = new LinkedHashMap<>();
        List<Path> dirs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path p = dir.resolve("peer" + i);
            int port = TestPeers.freePort();
            InitCommand.InitResult r = InitCommand.run(p, options(i, port, secret, Map.of()));
            raft.put(r.peerId(), ListenAddress.loopback(port));
            dirs.add(p);
            ports.add(port);
        }
        for (int i = 0; i < 3; i++) {
            InitCommand.run(dirs.get(i), options(i, ports.get(i), secret, raft).withForce(true));
        }
        for (Path p : dirs) {
            peers.add(ClusterAssembly.start(p, ServiceConfigFile.load(p.resolve(ServiceConfigFile.FILE_NAME),
                    QUICK_ELECTIONS), IdentityFile.read(p.resolve(IdentityFile.FILE_NAME))));
        }
        TestPeers.introduce(peers);
    }

    private static InitOptions options(int i, int raftPort, String secret, Map<PeerId, ListenAddress> raft) {
        return InitOptions.defaults().withPeername("peer" + i).withPorts(0, raftPort, 0, 0).withSecret(secret)
                .withPeers(raft);
    }

    private Cid addOn(ClusterAssembly peer, String content, PinOptions options) {
        List<AddedOutput> out = new ArrayList<>();
        AddRequest request = new AddRequest(options, 0, false, AddRequest.DEFAULT_CHUNK_SIZE, false, false, false,
                false, false, false, "unixfs");
        peer.api().adds().add(request, List.of(new UploadPart("f", false,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))).iterator(), out::add);
        return out.get(out.size() - 1).cid();
    }

    private static TrackerStatus statusOf(GlobalPinInfo info, ClusterAssembly peer) {
        return info.peerMap().get(peer.peerId()).status();
    }

    @Test
    void allocationsAndStatusesAcrossThreePeers() throws Exception {
        startCluster();
        ClusterAssembly a = peers.get(0);
        ClusterAssembly b = peers.get(1);
        ClusterAssembly c = peers.get(2);
        assertThat(a.api().peers().id().clusterPeers()).hasSize(3);
        // Placement only considers peers whose free-space metric the leader holds; until then A may be skipped.
        await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));

        // Replication 1 with A preferred: only A holds it, B and C see it as remote.
        PinOptions onA = new PinOptions(1, 1, "only-a", PinMode.RECURSIVE, 0, List.of(a.peerId()), null, Map.of(),
                null, List.of());
        Cid cid = addOn(a, "held by a", onA);
        assertThat(a.api().pins().allocation(cid).allocations()).containsExactly(a.peerId());
        await().atMost(Duration.ofSeconds(30)).until(() -> b.consensus().state().get(cid).isPresent()
                && c.consensus().state().get(cid).isPresent()); // B answers from its own replica
        await().until(() -> statusOf(a.api().status().status(cid, true), a) == TrackerStatus.PINNED);
        GlobalPinInfo fromB = b.api().status().status(cid, false);
        assertThat(statusOf(fromB, b)).isEqualTo(TrackerStatus.REMOTE);
        assertThat(statusOf(fromB, c)).isEqualTo(TrackerStatus.REMOTE);
        assertThat(statusOf(fromB, a)).isEqualTo(TrackerStatus.PINNED); // asked over the cluster RPC

        // Everywhere: B and C get the blocks from A (pushed or fetched) and pin them too.
        Cid everywhere = addOn(a, "everyone", PinOptions.DEFAULTS);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                statusOf(b.api().status().status(everywhere, true), b) == TrackerStatus.PINNED
                        && statusOf(c.api().status().status(everywhere, true), c) == TrackerStatus.PINNED
                        && statusOf(a.api().status().status(everywhere, true), a) == TrackerStatus.PINNED);
        assertThat(b.api().pins().allocation(everywhere).allocations()).isEmpty();
        assertThat(c.connector().block(everywhere)).isEqualTo(a.connector().block(everywhere));
        assertThat(b.api().status().statusAll(java.util.Set.of(TrackerStatus.PIN_ERROR), List.of(), true)
                .map(GlobalPinInfo::cid)).isEmpty();
        assertThat(b.api().status().statusAll(java.util.Set.of(TrackerStatus.PINNED), List.of(), true)
                .map(GlobalPinInfo::cid)).contains(everywhere);
    }
}
