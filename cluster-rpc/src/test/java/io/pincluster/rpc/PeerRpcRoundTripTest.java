package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerRpcRoundTripTest {
    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private RpcFixture fixture;
    private RecordingHandler handlerA;
    private RecordingHandler handlerB;
    private GrpcPeerRpc clientA;

    @BeforeEach
    void start() {
        fixture = new RpcFixture();
        handlerA = new RecordingHandler(a);
        handlerB = new RecordingHandler(b);
        fixture.serve(a, handlerA, RpcSettings.defaults());
        fixture.serve(b, handlerB, RpcSettings.defaults());
        clientA = fixture.client(a);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void idCarriesEveryField() {
        PeerInfo info = clientA.id(b);
        assertThat(info).isEqualTo(handlerB.id());
        assertThat(clientA.id(a).id()).isEqualTo(a);
    }

    @Test
    void statusAndRemoteErrorsKeepTheirCode() {
        Cid cid = RpcFixture.rawCid("x");
        PinInfo info = clientA.status(b, cid);
        assertThat(info.peer()).isEqualTo(b);
        assertThat(info.status()).isEqualTo(TrackerStatus.PINNED);
        assertThat(info.ipfsPeerAddresses()).containsExactly("/ip4/1.2.3.4/tcp/4001");

        assertThatThrownBy(() -> clientA.recover(b, cid))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains(b.value()).contains("no pin for " + cid);
                });
    }

    @Test
    void metricsArrive() {
        Instant expire = Instant.parse("2030-01-01T00:00:00Z");
        List<Metric> sent = List.of(Metric.freeSpace(a, 12345, expire), Metric.tag(a, "zone", "eu", expire));
        clientA.sendMetrics(b, sent);
        assertThat(handlerB.metrics).isEqualTo(sent);
    }

    @Test
    void blocksTravelBothWaysAndAreHashChecked() {
        byte[] data = "hello block".getBytes(StandardCharsets.UTF_8);
        Cid cid = RpcFixture.rawCid(data);
        clientA.putBlock(b, cid, data);
        assertThat(handlerB.blocks).containsKey(cid);
        assertThat(clientA.block(b, cid)).isEqualTo(data);

        int before = handlerB.calls.get();
        Cid other = RpcFixture.rawCid("something else");
        assertThatThrownBy(() -> clientA.putBlock(b, other, data))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(handlerB.calls.get()).isEqualTo(before);
        assertThat(handlerB.blocks).doesNotContainKey(other);

        assertThatThrownBy(() -> clientA.block(b, other))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void theLastBlockOfAPushWakesTheTargetInTheSameCall() {
        byte[] data = "last block".getBytes(StandardCharsets.UTF_8);
        Cid cid = RpcFixture.rawCid(data);
        Cid root = RpcFixture.rawCid("the pushed root");

        assertThat(clientA.putLastBlock(b, cid, data, root)).as("woken").isTrue();
        assertThat(handlerB.blocks).containsKey(cid);
        assertThat(handlerB.pushedRoots).containsExactly(root);

        clientA.putBlock(b, cid, data);
        assertThat(handlerB.pushedRoots).as("a block without a root wakes nothing").containsExactly(root);
    }

    @Test
    void aTargetThatDoesNotKnowTheWakeUpStoresTheBlockAndSaysSo() {
        handlerB.knowsPushes = false; // as a peer of an older build answers: the field is unknown to it
        byte[] data = "last block, old peer".getBytes(StandardCharsets.UTF_8);
        Cid cid = RpcFixture.rawCid(data);

        assertThat(clientA.putLastBlock(b, cid, data, RpcFixture.rawCid("root"))).as("woken").isFalse();
        assertThat(handlerB.blocks).containsKey(cid);
        assertThat(handlerB.pushedRoots).isEmpty();
    }

    @Test
    void collectGarbageRunsOnTheTargetAndReturnsTheRemovedBlocks() {
        byte[] one = "one".getBytes(StandardCharsets.UTF_8);
        byte[] two = "two".getBytes(StandardCharsets.UTF_8);
        clientA.putBlock(b, RpcFixture.rawCid(one), one);
        clientA.putBlock(b, RpcFixture.rawCid(two), two);

        assertThat(clientA.collectGarbage(b)).containsExactlyInAnyOrder(RpcFixture.rawCid(one), RpcFixture.rawCid(two));
        assertThat(handlerB.blocks).isEmpty();
        assertThat(clientA.collectGarbage(b)).isEmpty();
    }

    @Test
    void largeBlockFitsTheMessageLimit() {
        byte[] data = new byte[2 * 1024 * 1024];
        new java.util.Random(7).nextBytes(data);
        Cid cid = RpcFixture.rawCid(data);
        clientA.putBlock(b, cid, data);
        assertThat(clientA.block(b, cid)).isEqualTo(data);
    }

    @Test
    void joinGoesByAddress() {
        String seed = fixture.book.rpcAddress(b).orElseThrow();
        JoinRequest request = new JoinRequest(a, "newcomer", "127.0.0.1:9", "127.0.0.1:10"); // the caller joins
        PeerInfo answer = clientA.join(seed, request);
        assertThat(answer.id()).isEqualTo(b);
        assertThat(handlerB.joins).containsExactly(request);
    }

    @Test
    void holdingsReportCarriesEveryFieldAndTheAnswerComesBack() {
        Cid held = RpcFixture.rawCid("held");
        Cid gone = RpcFixture.rawCid("gone");
        Cid surplus = RpcFixture.rawCid("surplus");
        HoldingsReport full = new HoldingsReport(a, 0x8000_0000_0000_0001L, 41, true, true, List.of(held, surplus),
                List.of(gone), List.of(surplus), 7);

        HoldingsReply reply = clientA.reportHoldings(b, full);

        assertThat(handlerB.holdings).containsExactly(full);
        assertThat(reply).isEqualTo(new HoldingsReply(false, false, List.of(surplus)));

        HoldingsReport delta = new HoldingsReport(a, 3, 42, false, false, List.of(), List.of(), List.of(), 0);
        assertThat(clientA.reportHoldings(b, delta)).isEqualTo(new HoldingsReply(false, true, List.of()));
        assertThat(handlerB.holdings).containsExactly(full, delta);
    }

    @Test
    void holdingsReportToAPeerWithoutTheCallIsUnavailable() throws Exception {
        // A peer of an older build serves the service without ReportHoldings: gRPC answers UNIMPLEMENTED.
        PeerId olderPeer = RpcFixture.peer(4);
        Server older = startOlderPeer(olderPeer);
        try {
            assertThat(clientA.id(olderPeer).id()).isEqualTo(b); // the peer itself answers
            HoldingsReport report = new HoldingsReport(a, 1, 1, false, false, List.of(), List.of(), List.of(), 0);

            assertThatThrownBy(() -> clientA.reportHoldings(olderPeer, report))
                    .isInstanceOfSatisfying(ClusterException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains(olderPeer.value()).contains("does not support this call");
                    });
        } finally {
            older.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void findHoldersCarriesTheCidsAndTheAnswerComesBack() {
        List<Cid> cids = List.of(RpcFixture.rawCid("one"), RpcFixture.rawCid("two"));

        HoldersReply reply = clientA.findHolders(b, cids);

        assertThat(handlerB.questions).containsExactly(cids);
        assertThat(reply).isEqualTo(new HoldersReply(true, false, true, List.of(List.of(b), List.of(b))));
    }

    @Test
    void allocationChangesComeBackFilteredAndLimitedAndAnOlderPeerHasNone() throws Exception {
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 123_000_000);
        AllocationChange repair = new AllocationChange(at, RpcFixture.rawCid("one"), List.of(a, b), List.of(b),
                MoveKind.REPAIR, "peer down since 12:00");
        AllocationChange topUp = new AllocationChange(at.minusSeconds(5), RpcFixture.rawCid("two"), List.of(b),
                List.of(a, b), MoveKind.TOP_UP, "below replication max");
        handlerB.changes.addAll(List.of(repair, topUp));
        int before = handlerB.calls.get();

        assertThat(clientA.allocationChanges(b, null, 100)).containsExactly(repair, topUp);
        assertThat(clientA.allocationChanges(b, RpcFixture.rawCid("two"), 100)).containsExactly(topUp);
        assertThat(clientA.allocationChanges(b, null, 1)).containsExactly(repair);
        assertThat(handlerB.calls.get()).isEqualTo(before + 3);
        assertThatThrownBy(() -> clientA.allocationChanges(b, null, 0)).as("a limit outside 1..10000 is refused")
                .isInstanceOf(ClusterException.class);
        assertThat(handlerB.calls.get()).as("before the handler").isEqualTo(before + 3);

        PeerId olderPeer = RpcFixture.peer(4);
        Server older = startOlderPeer(olderPeer);
        try {
            assertThat(clientA.allocationChanges(olderPeer, null, 10)).isEmpty();
        } finally {
            older.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void findHoldersOfAPeerWithoutTheCallIsAnsweredUnsupported() throws Exception {
        // A peer of an older build serves the service without FindHolders: gRPC answers UNIMPLEMENTED, which the
        // client turns into the answer "unsupported" (the caller falls back), not into a failure.
        PeerId olderPeer = RpcFixture.peer(4);
        Server older = startOlderPeer(olderPeer);
        try {
            assertThat(clientA.findHolders(olderPeer, List.of(RpcFixture.rawCid("x"))))
                    .isEqualTo(HoldersReply.unsupported());
        } finally {
            older.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A peer of an older build: it serves the service with {@code Id} only, so later calls are UNIMPLEMENTED. */
    private Server startOlderPeer(PeerId olderPeer) throws java.io.IOException {
        Server older = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server(fixture.tls(olderPeer)))
                .addService(ServerServiceDefinition.builder(PeerRpcMethods.SERVICE)
                        .addMethod(PeerRpcMethods.ID, ServerCalls.asyncUnaryCall((request, observer) -> {
                            observer.onNext(handlerB.id());
                            observer.onCompleted();
                        }))
                        .build())
                .build().start();
        fixture.book.put(olderPeer, "127.0.0.1:" + older.getPort());
        return older;
    }

    @Test
    void unsupportedOperationIsUnavailable() {
        PeerId c = RpcFixture.peer(3);
        fixture.serve(c, new IdOnlyHandler(handlerA::id), RpcSettings.defaults());
        assertThatThrownBy(() -> clientA.status(c, RpcFixture.rawCid("y")))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not supported");
                });
    }
}
