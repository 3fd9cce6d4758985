package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.service.testing.TestTls;
import io.pincluster.rpc.GrpcPeerRpc;
import io.pincluster.rpc.InMemoryAddressBook;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer started through the composition root answers another peer's RPC calls, and only with the secret. */
@Timeout(120)
class PeerRpcAssemblyTest {
    @TempDir
    Path dir;

    @Test
    void peerAnswersIdBlocksStatusAndMetricsOverRpc() throws Exception {
        ServiceConfig config = TestPeers.config("rpc");
        PeerIdentity identity = PeerIdentity.generate();
        PeerId caller = PeerIdentity.generate().peerId();
        try (ClusterAssembly peer = ClusterAssembly.start(dir.resolve("peer"), config, identity);
             PeerTlsIdentity callerTls = TestTls.of(caller, config.cluster().secret(), dir);
             GrpcPeerRpc client = client(peer, callerTls)) {
            PeerId target = peer.peerId();
            assertThat(peer.rpcAddress().port()).isPositive();
            assertThat(peer.addressBook().rpcAddress(target)).contains(peer.rpcAddress().toString());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(client.id(target).id()).isEqualTo(target));

            byte[] data = "block sent over rpc".getBytes(StandardCharsets.UTF_8);
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
            client.putBlock(target, cid, data);
            assertThat(peer.connector().block(cid)).isEqualTo(data);
            assertThat(client.block(target, cid)).isEqualTo(data);

            peer.api().pins().pin(cid, PinOptions.DEFAULTS).join();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(client.status(target, cid).status()).isEqualTo(TrackerStatus.PINNED));
            try (Stream<CidStatus> all = client.statusAll(target, Set.of())) {
                assertThat(all.map(CidStatus::cid).toList()).containsExactly(cid);
            }

            Metric m = Metric.freeSpace(caller, 42, Instant.now().plusSeconds(30));
            client.sendMetrics(target, List.of(m));
            // the handler hands what peers send to the monitor, which stamps each metric with its arrival
            assertThat(peer.monitor().metrics()).filteredOn(r -> r.peer().equals(caller))
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("receivedAt").containsExactly(m);

            // the caller's certificate names it: a metric or a join speaking for another peer is refused unseen
            PeerId other = PeerIdentity.generate().peerId();
            assertThatThrownBy(() -> client.sendMetrics(target, List.of(Metric.freeSpace(other, 1,
                    Instant.now().plusSeconds(30))))).isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
            assertThat(peer.monitor().metrics()).noneMatch(r -> r.peer().equals(other));
            assertThatThrownBy(() -> client.join(peer.rpcAddress().toString(),
                    new io.pincluster.core.component.JoinRequest(other, "x", "127.0.0.1:1", "127.0.0.1:2")))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
            assertThat(peer.consensus().directory()).noneMatch(r -> r.id().equals(other));
            assertThat(peer.consensus().peers()).containsExactly(target);

            assertThatThrownBy(() -> client.join(peer.rpcAddress().toString(),
                    new io.pincluster.core.component.JoinRequest(caller, "x", "", "")))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                    .hasMessageContaining("Raft server");
        }
    }

    @Test
    void otherClusterSecretIsRefused() throws Exception {
        ServiceConfig config = TestPeers.config("rpc");
        PeerIdentity identity = PeerIdentity.generate();
        try (ClusterAssembly peer = ClusterAssembly.start(dir.resolve("peer"), config, identity);
             PeerTlsIdentity otherCluster = TestTls.of(PeerIdentity.generate().peerId(), "ab".repeat(32), dir);
             GrpcPeerRpc outsider = client(peer, otherCluster)) {
            assertThatThrownBy(() -> outsider.id(peer.peerId()))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        }
    }

    private static GrpcPeerRpc client(ClusterAssembly peer, PeerTls tls) {
        InMemoryAddressBook book = new InMemoryAddressBook(Map.of(peer.peerId(), peer.rpcAddress().toString()));
        return new GrpcPeerRpc(book, tls, RpcSettings.defaults().withCallTimeout(Duration.ofSeconds(10)));
    }
}
