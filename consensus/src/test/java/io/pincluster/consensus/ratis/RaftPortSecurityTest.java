package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.security.ClusterCa;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.testkit.TrustAnyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's Raft port serves only peers of its cluster: a Ratis client without a certificate, in plaintext, or with
 * another cluster's certificate gets nothing done (no write, no membership change, no leadership transfer, not even
 * a read of the groups), and neither does a peer once it was removed.
 */
class RaftPortSecurityTest {
    private static final String OTHER_SECRET = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void strangersGetNothingDone() throws Exception {
        TestPeers fixture = new TestPeers(1, dir);
        ConsensusConfig config = fixture.config(0);
        RatisConsensus peer = start(config, fixture.tls(0), new PeerDirectory(), fixture);
        peer.pin(cid(1), PinOptions.DEFAULTS);
        peer.register(PeerRecord.member(config.peerId(), "p0", config.raftAddress(), "127.0.0.1:1"));
        List<PeerRecord> directory = peer.directory();
        List<PeerId> members = peer.peers();

        PeerId stranger = PeerId.ofPublicKeyProto("stranger".getBytes(StandardCharsets.UTF_8));
        PeerTlsIdentity otherCluster = PeerTlsIdentity.open(stranger, ClusterCa.fromHexSecret(OTHER_SECRET),
                dir.resolve("stranger"), p -> true);
        open.add(otherCluster);
        assertRefused(client(config, null), config);
        assertRefused(client(config, new GrpcTlsConfig(null, new TrustAnyServer(), false)), config);
        assertRefused(client(config, new GrpcTlsConfig(otherCluster.keyManager(), new TrustAnyServer(), true)), config);

        assertThat(peer.state().size()).isEqualTo(1);
        assertThat(peer.directory()).isEqualTo(directory);
        assertThat(peer.peers()).isEqualTo(members);
        assertThat(peer.leader()).contains(config.peerId());
        // the same calls with a certificate of the cluster do get through: the refusals above are the TLS checks
        PeerTls member = fixture.tls(0);
        try (RaftClient insider = client(config, new GrpcTlsConfig(member.keyManager(), member.trustManager(),
                true))) {
            assertThat(insider.getGroupManagementApi(RaftSettings.raftId(config.peerId())).list().isSuccess())
                    .isTrue();
        }
    }

    @Test
    void aRemovedPeersCertificateIsRefused() throws Exception {
        TestPeers fixture = new TestPeers(3, dir);
        List<RatisConsensus> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerDirectory directory = new PeerDirectory();
            PeerTls tls = fixture.tls(i, p -> !directory.get(p).map(PeerRecord::removed).orElse(false));
            peers.add(start(fixture.config(i), tls, directory, fixture));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers.get(0).pin(cid(1), PinOptions.DEFAULTS) != null);
        PeerId gone = fixture.ids.get(2);
        PeerTls goneTls = fixture.tls(2); // the removed peer's key and certificate, from its folder
        ConsensusConfig survivor = fixture.config(0);
        try (RaftClient before = client(survivor, new GrpcTlsConfig(goneTls.keyManager(), new TrustAnyServer(),
                true))) {
            assertThat(before.getGroupManagementApi(RaftSettings.raftId(survivor.peerId())).list().isSuccess())
                    .as("a member's certificate is accepted").isTrue();
        }

        peers.get(0).removePeer(gone);
        await().atMost(Duration.ofSeconds(20)).until(() -> peers.get(1).directory().stream()
                .anyMatch(r -> r.id().equals(gone) && r.removed()));
        long pins = peers.get(0).state().size();
        for (int i = 0; i < 2; i++) {
            assertRefused(client(fixture.config(i), new GrpcTlsConfig(goneTls.keyManager(), new TrustAnyServer(),
                    true)), fixture.config(i));
        }
        assertThat(peers.get(0).peers()).hasSize(2).doesNotContain(gone);
        assertThat(peers.get(0).state().size()).isEqualTo(pins);
        assertThat(peers.get(1).pin(cid(2), PinOptions.DEFAULTS)).as("the others still talk").isNotNull();
    }

    /**
     * A connection the removed peer opened while it was a member outlives its handshake; every new call on it is
     * checked again ({@link RaftCallerCheck}) and refused once the peer is marked removed and out of the
     * configuration.
     */
    @Test
    void aRemovedPeersOpenConnectionGetsNoNewCall() throws Exception {
        TestPeers fixture = new TestPeers(3, dir);
        List<RatisConsensus> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerDirectory directory = new PeerDirectory();
            PeerTls tls = fixture.tls(i, p -> !directory.get(p).map(PeerRecord::removed).orElse(false));
            peers.add(start(fixture.config(i), tls, directory, fixture));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers.get(0).pin(cid(1), PinOptions.DEFAULTS) != null);
        PeerId gone = fixture.ids.get(2);
        PeerTls goneTls = fixture.tls(2);
        ConsensusConfig survivor = fixture.config(1);
        RaftPeerId server = RaftSettings.raftId(survivor.peerId());
        RaftClient opened = client(survivor, new GrpcTlsConfig(goneTls.keyManager(), new TrustAnyServer(), true));
        assertThat(opened.getGroupManagementApi(server).list().isSuccess()).as("a member's call").isTrue();

        peers.get(0).removePeer(gone);
        await().atMost(Duration.ofSeconds(20)).until(() -> peers.get(1).peers().size() == 2
                && peers.get(1).directory().stream().anyMatch(r -> r.id().equals(gone) && r.removed()));
        long pins = peers.get(1).state().size();
        assertThatThrownBy(() -> opened.getGroupManagementApi(server).list())
                .as("a new call on the connection opened before the removal")
                .isInstanceOfAny(IOException.class, StatusRuntimeException.class);
        assertThatThrownBy(() -> opened.io().send(Message.valueOf("forged entry"))).isInstanceOf(IOException.class);
        RaftPeer intruder = RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:1").build();
        assertThatThrownBy(() -> opened.admin().setConfiguration(List.of(intruder))).isInstanceOf(IOException.class);
        assertThat(peers.get(1).peers()).hasSize(2).doesNotContain(gone);
        assertThat(peers.get(1).state().size()).isEqualTo(pins);
    }

    private RatisConsensus start(ConsensusConfig config, PeerTls tls, PeerDirectory directory, TestPeers fixture)
            throws IOException {
        RatisConsensus c = new RatisConsensus(config, Clock.systemUTC(), tls, directory);
        open.add(c);
        c.start(fixture.decider());
        return c;
    }

    /** A Ratis client of {@code target}'s group that gives up after one short attempt; plaintext when tls is null. */
    private RaftClient client(ConsensusConfig target, GrpcTlsConfig tls) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        Parameters parameters = new Parameters();
        if (tls != null) {
            GrpcConfigKeys.Client.setTlsConf(parameters, tls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
        }
        RaftClient client = RaftClient.newBuilder()
                .setRaftGroup(RaftGroup.valueOf(RaftSettings.groupId(target), RaftPeer.newBuilder()
                        .setId(RaftSettings.raftId(target.peerId())).setAddress(target.raftAddress()).build()))
                .setProperties(properties).setParameters(parameters).setRetryPolicy(RetryPolicies.noRetry())
                .build();
        open.add(client);
        return client;
    }

    private static void assertRefused(RaftClient client, ConsensusConfig target) {
        RaftPeerId server = RaftSettings.raftId(target.peerId());
        RaftPeer intruder = RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:1").build();
        assertThatThrownBy(() -> client.io().send(Message.valueOf("forged entry"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.admin().setConfiguration(List.of(intruder)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.admin().transferLeadership(RaftPeerId.valueOf("intruder"), 1000))
                .isInstanceOf(IOException.class);
        // the group API's blocking stub reports a transport failure unchecked
        assertThatThrownBy(() -> client.getGroupManagementApi(server).list())
                .isInstanceOfAny(IOException.class, StatusRuntimeException.class);
    }
}
