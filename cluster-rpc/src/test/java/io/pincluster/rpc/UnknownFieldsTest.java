package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.protocol.PeerRpcMessages;
import io.pincluster.protocol.PeerTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer of a newer build sends fields this build does not know: the receiver skips them and answers from the fields
 * it knows, both as server (requests) and as client (answers). Real gRPC on loopback.
 */
class UnknownFieldsTest {
    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private RpcFixture fixture;
    private RecordingHandler handlerB;
    private RawPeerCalls newerPeer;
    private Server fakeNewerServer;

    @BeforeEach
    void start() {
        fixture = new RpcFixture();
        handlerB = new RecordingHandler(b);
        fixture.serve(b, handlerB, RpcSettings.defaults());
        newerPeer = new RawPeerCalls(fixture.book.rpcAddress(b).orElseThrow(), fixture.tls(a));
    }

    @AfterEach
    void stop() throws Exception {
        newerPeer.close();
        if (fakeNewerServer != null) {
            fakeNewerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    @Test
    void statusRequestWithExtraFieldsIsAnswered() throws Exception {
        Cid cid = RpcFixture.rawCid("x");
        byte[] request = withFieldsFromTheFuture(
                PeerRpcMessages.StatusRequest.newBuilder().setCid(WireScalars.cid(cid)).build());

        byte[] answer = newerPeer.unary("Status", request);

        PinInfo expected = new RecordingHandler(b).status(cid);
        assertThat(PinStatusMapper.fromMessage(PeerTypes.PinInfo.parseFrom(answer))).isEqualTo(expected);
        assertThat(handlerB.calls.get()).isEqualTo(1);
    }

    @Test
    void joinRequestWithExtraFieldsBeforeAndAfterTheKnownOnesArrivesWhole() throws Exception {
        JoinRequest join = new JoinRequest(a, "newcomer", "127.0.0.1:9", "127.0.0.1:10"); // the caller joins
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(20, "a field placed first"); // field order on the wire is free
        out.flush();
        bytes.write(withFieldsFromTheFuture(PeerInfoMapper.toMessage(join)));

        byte[] answer = newerPeer.unary("Join", bytes.toByteArray());

        assertThat(handlerB.joins).containsExactly(join);
        assertThat(PeerInfoMapper.fromMessage(PeerTypes.PeerInfo.parseFrom(answer)).id()).isEqualTo(b);
    }

    @Test
    void statusStreamRequestWithExtraFieldsStreamsTheFilteredEntries() throws Exception {
        byte[] request = withFieldsFromTheFuture(PeerRpcMessages.StatusAllRequest.newBuilder()
                .addFilter(PeerTypes.TrackerStatus.TRACKER_STATUS_PIN_ERROR).build());

        List<byte[]> batches = newerPeer.serverStreaming("StatusAll", request);

        List<CidStatus> entries = batches.stream().flatMap(batch -> {
            try {
                return PinStatusMapper.fromEntries(PeerRpcMessages.StatusBatch.parseFrom(batch).getEntriesList())
                        .stream();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        try (Stream<CidStatus> expected = new RecordingHandler(b).statusAll(Set.of(TrackerStatus.PIN_ERROR))) {
            assertThat(entries).isEqualTo(expected.toList());
        }
        assertThat(entries).hasSize(3)
                .allSatisfy(e -> assertThat(e.info().status()).isEqualTo(TrackerStatus.PIN_ERROR));
    }

    @Test
    void answerWithExtraFieldsIsReadByTheClient() throws Exception {
        PeerInfo info = new RecordingHandler(b).id();
        byte[] answer = withFieldsFromTheFuture(PeerInfoMapper.toMessage(info));
        PeerId newer = RpcFixture.peer(3);
        fakeNewerServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server(fixture.tls(newer)))
                .addService(ServerServiceDefinition.builder(PeerRpcMethods.SERVICE)
                        .addMethod(RawPeerCalls.descriptor("Id", io.grpc.MethodDescriptor.MethodType.UNARY),
                                ServerCalls.asyncUnaryCall((request, observer) -> {
                                    observer.onNext(answer);
                                    observer.onCompleted();
                                }))
                        .build())
                .build().start();
        fixture.book.put(newer, "127.0.0.1:" + fakeNewerServer.getPort());

        assertThat(fixture.client(a).id(newer)).isEqualTo(info);
    }

    @Test
    void malformedRequestFailsAsBeforeWithoutReachingTheHandler() {
        // field 1 (cid) announcing 5 bytes, followed by one
        byte[] truncated = {0x0a, 0x05, 0x01};
        assertThatThrownBy(() -> newerPeer.unary("Status", truncated))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    // gRPC's answer to a request its marshaller cannot read, as with the fixed-order codec
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                    assertThat(RpcErrors.fromStatus(e, b.value()).code()).isEqualTo(ErrorCode.INTERNAL);
                });
        assertThat(handlerB.calls.get()).isZero();
    }

    @Test
    void aMethodThisBuildDoesNotHaveIsReportedAsUnavailableNotAsAnInternalFailure() {
        // what an older peer answers when a newer peer calls a method added after the older build
        assertThatThrownBy(() -> newerPeer.unary("MethodFromTheFuture", new byte[0]))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    ClusterException mapped = RpcErrors.fromStatus(e, b.value());
                    assertThat(mapped.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(mapped.getMessage()).contains("does not support this call");
                });
        assertThat(handlerB.calls.get()).isZero();
    }

    /** The message's bytes followed by fields no schema of this build has: a varint, a string and a nested message. */
    private static byte[] withFieldsFromTheFuture(MessageLite message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(15, 42);
        out.writeString(1000, "from a newer peer");
        out.writeMessage(1001, PeerTypes.IpfsInfo.newBuilder().setId("nested").build());
        out.flush();
        return bytes.toByteArray();
    }
}
