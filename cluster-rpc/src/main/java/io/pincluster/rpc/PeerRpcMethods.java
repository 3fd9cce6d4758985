package io.pincluster.rpc;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;

/** The peer RPC's methods, shared by server and client. Service and method names are part of the protocol. */
final class PeerRpcMethods {
    static final String SERVICE = "pincluster.PeerRpc";
    /** Empty request or response. */
    static final byte[] NONE = new byte[0];

    private static final MethodDescriptor.Marshaller<byte[]> RAW = BinaryMarshaller.raw();
    private static final MethodDescriptor.Marshaller<Cid> CID =
            new BinaryMarshaller<>("cid", MessageCodec::writeCid, MessageCodec::readCid);
    private static final MethodDescriptor.Marshaller<PinInfo> PIN_INFO =
            new BinaryMarshaller<>("pin info", MessageCodec::writePinInfo, MessageCodec::readPinInfo);
    private static final MethodDescriptor.Marshaller<PeerInfo> PEER_INFO =
            new BinaryMarshaller<>("peer info", MessageCodec::writePeerInfo, MessageCodec::readPeerInfo);

    static final MethodDescriptor<byte[], PeerInfo> ID = unary("Id", RAW, PEER_INFO);
    static final MethodDescriptor<Cid, PinInfo> STATUS = unary("Status", CID, PIN_INFO);
    static final MethodDescriptor<Set<TrackerStatus>, List<CidStatus>> STATUS_ALL =
            MethodDescriptor.<Set<TrackerStatus>, List<CidStatus>>newBuilder()
                    .setType(MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StatusAll"))
                    .setRequestMarshaller(new BinaryMarshaller<>("status filter", MessageCodec::writeStatuses,
                            MessageCodec::readStatuses))
                    .setResponseMarshaller(new BinaryMarshaller<>("status batch", MessageCodec::writeCidStatuses,
                            MessageCodec::readCidStatuses))
                    .build();
    static final MethodDescriptor<Cid, PinInfo> RECOVER = unary("Recover", CID, PIN_INFO);
    static final MethodDescriptor<List<Metric>, byte[]> METRICS = unary("ReceiveMetrics",
            new BinaryMarshaller<>("metrics", MessageCodec::writeMetrics, MessageCodec::readMetrics), RAW);
    static final MethodDescriptor<Cid, byte[]> BLOCK = unary("Block", CID, RAW);
    static final MethodDescriptor<BlockPut, byte[]> PUT_BLOCK = unary("PutBlock",
            new BinaryMarshaller<>("block", (w, b) -> {
                MessageCodec.writeCid(w, b.cid());
                w.bytes(b.data());
            }, r -> new BlockPut(MessageCodec.readCid(r), r.bytes())), RAW);
    static final MethodDescriptor<JoinRequest, PeerInfo> JOIN = unary("Join",
            new BinaryMarshaller<>("join request", MessageCodec::writeJoin, MessageCodec::readJoin), PEER_INFO);

    private PeerRpcMethods() {
    }

    private static <Q, A> MethodDescriptor<Q, A> unary(String name, MethodDescriptor.Marshaller<Q> request,
                                                       MethodDescriptor.Marshaller<A> response) {
        return MethodDescriptor.<Q, A>newBuilder()
                .setType(MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(request)
                .setResponseMarshaller(response)
                .build();
    }

    /** A block sent to be stored. */
    record BlockPut(Cid cid, byte[] data) {
    }
}
