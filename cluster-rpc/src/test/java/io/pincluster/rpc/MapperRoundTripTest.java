package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.protocol.PeerRpcMessages;
import io.pincluster.protocol.PeerTypes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every mapper gives back what it was given (domain -> message -> domain), and refuses what cannot be mapped. */
class MapperRoundTripTest {
    private static final PeerId A = RpcFixture.peer(1);
    private static final PeerId B = RpcFixture.peer(2);
    private static final Instant WHEN = Instant.ofEpochSecond(1_700_000_123L, 456_789_012);

    @Test
    void peerInfoWithEveryFieldSet() {
        PeerInfo info = new PeerInfo(A, "peer-a", List.of("/ip4/10.0.0.1/tcp/9096", "/ip4/10.0.0.1/tcp/9097"),
                List.of(A, B), List.of("10.0.0.1:9096", "10.0.0.2:9096"), "0.1.0", "abc123", "/pincluster/0.1/rpc",
                "", new PeerInfo.IpfsInfo("12D3ipfs", List.of("/ip4/10.0.0.1/tcp/4001"), ""),
                new PeerInfo.RaftInfo("FOLLOWER", 7, 100, 98, 2, B));
        assertThat(PeerInfoMapper.fromMessage(PeerInfoMapper.toMessage(info))).isEqualTo(info);
    }

    @Test
    void peerInfoWithoutRaftOrLeader() {
        PeerInfo unreachable = PeerInfo.unreachable(B, "connection refused");
        assertThat(PeerInfoMapper.fromMessage(PeerInfoMapper.toMessage(unreachable))).isEqualTo(unreachable);
        PeerInfo leaderless = new PeerInfo(A, "a", List.of(), List.of(A), List.of(), "", "", "", "",
                PeerInfo.IpfsInfo.NONE, new PeerInfo.RaftInfo("CANDIDATE", 3, 0, 0, 0, null));
        PeerTypes.PeerInfo message = PeerInfoMapper.toMessage(leaderless);
        assertThat(message.getRaft().getLeader()).isEmpty();
        assertThat(PeerInfoMapper.fromMessage(message)).isEqualTo(leaderless);
        assertThat(PeerInfoMapper.toMessage(unreachable).hasRaft()).isFalse();
    }

    @Test
    void peerInfoMustNameAValidPeer() {
        assertMalformed(() -> PeerInfoMapper.fromMessage(PeerTypes.PeerInfo.getDefaultInstance()));
        assertMalformed(() -> PeerInfoMapper.fromMessage(PeerTypes.PeerInfo.newBuilder().setId("not-a-peer").build()));
        assertMalformed(() -> PeerInfoMapper.fromMessage(
                PeerInfoMapper.toMessage(PeerInfo.unreachable(A, "")).toBuilder().addClusterPeers("").build()));
    }

    @Test
    void joinRequest() {
        JoinRequest request = new JoinRequest(B, "newcomer", "127.0.0.1:9", "127.0.0.1:10");
        assertThat(PeerInfoMapper.fromMessage(PeerInfoMapper.toMessage(request))).isEqualTo(request);
        assertMalformed(() -> PeerInfoMapper.fromMessage(PeerRpcMessages.JoinRequest.newBuilder()
                .setPeerName("nobody").build()));
    }

    @Test
    void pinInfoWithAndWithoutPeer() {
        PinInfo full = new PinInfo(A, "peer-a", "12D3ipfs", List.of("/ip4/1.2.3.4/tcp/4001"), TrackerStatus.PIN_ERROR,
                WHEN, "context deadline exceeded", 3, true);
        PinInfo bare = new PinInfo(null, "", "", List.of(), TrackerStatus.UNDEFINED, Instant.EPOCH, "", 0, false);
        assertThat(PinStatusMapper.fromMessage(PinStatusMapper.toMessage(full))).isEqualTo(full);
        assertThat(PinStatusMapper.fromMessage(PinStatusMapper.toMessage(bare))).isEqualTo(bare);
    }

    @Test
    void cidStatusBatch() {
        List<CidStatus> batch = List.of(
                new CidStatus(RpcFixture.rawCid("one"), PinInfo.of(A, "a", TrackerStatus.PINNED, WHEN)),
                new CidStatus(RpcFixture.rawCid("two"), PinInfo.of(B, "b", TrackerStatus.PIN_QUEUED, Instant.EPOCH)));
        assertThat(PinStatusMapper.fromEntries(PinStatusMapper.toEntries(batch))).isEqualTo(batch);
        assertMalformed(() -> PinStatusMapper.fromMessage(PeerTypes.CidStatus.getDefaultInstance()));
    }

    @ParameterizedTest
    @EnumSource(TrackerStatus.class)
    void everyTrackerStatusHasItsOwnValue(TrackerStatus status) {
        PeerTypes.TrackerStatus message = PinStatusMapper.toMessage(status);
        assertThat(message).isNotEqualTo(PeerTypes.TrackerStatus.TRACKER_STATUS_UNSPECIFIED);
        assertThat(message.name()).isEqualTo("TRACKER_STATUS_" + status.name());
        assertThat(PinStatusMapper.fromMessage(message)).isEqualTo(status);
    }

    @Test
    void statusFilter() {
        Set<TrackerStatus> filter = EnumSet.of(TrackerStatus.PIN_QUEUED, TrackerStatus.UNPIN_QUEUED,
                TrackerStatus.UNDEFINED);
        assertThat(PinStatusMapper.fromFilter(PinStatusMapper.toFilter(filter))).isEqualTo(filter);
        assertThat(PinStatusMapper.fromFilter(PinStatusMapper.toFilter(Set.of()))).isEmpty();
    }

    @Test
    void unknownAndUnsetStatusesReadAsUndefined() throws Exception {
        assertThat(PinStatusMapper.fromMessage(PeerTypes.TrackerStatus.TRACKER_STATUS_UNSPECIFIED))
                .isEqualTo(TrackerStatus.UNDEFINED);
        // a newer peer's status value 99: field 5 (status, varint) = 99
        PeerTypes.PinInfo fromNewerPeer = PeerTypes.PinInfo.parseFrom(new byte[] {0x28, 99});
        assertThat(fromNewerPeer.getStatus()).isEqualTo(PeerTypes.TrackerStatus.UNRECOGNIZED);
        assertThat(PinStatusMapper.fromMessage(fromNewerPeer).status()).isEqualTo(TrackerStatus.UNDEFINED);
    }

    @Test
    void metricsLeaveTheReceptionTimeBehind() {
        List<Metric> sent = List.of(Metric.freeSpace(A, 12_345, WHEN), Metric.tag(B, "zone", "eu", WHEN),
                new Metric("ping", A, "", 0, false, Instant.EPOCH, null));
        assertThat(MetricMapper.fromMessages(MetricMapper.toMessages(sent))).isEqualTo(sent);
        Metric received = Metric.freeSpace(A, 1, WHEN).receivedAt(WHEN);
        assertThat(MetricMapper.fromMessage(MetricMapper.toMessage(received)).receivedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void metricsNeedANameAndAPeer() {
        PeerTypes.Metric good = MetricMapper.toMessage(Metric.freeSpace(A, 1, WHEN));
        assertMalformed(() -> MetricMapper.fromMessage(good.toBuilder().clearName().build()));
        assertMalformed(() -> MetricMapper.fromMessage(good.toBuilder().clearPeer().build()));
    }

    @Test
    void instantsAtTheEdges() {
        for (Instant t : List.of(Instant.EPOCH, WHEN, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
            assertThat(WireScalars.instant(WireScalars.timestamp(t))).isEqualTo(t);
        }
        assertMalformed(() -> WireScalars.instant(Timestamp.newBuilder().setNanos(1_000_000_000).build()));
        assertMalformed(() -> WireScalars.instant(Timestamp.newBuilder().setNanos(-1).build()));
        assertMalformed(() -> WireScalars.instant(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()));
    }

    private static void assertMalformed(Executable decode) {
        assertThatThrownBy(decode::execute).isInstanceOfSatisfying(ClusterException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).startsWith("malformed RPC message");
        });
    }
}
