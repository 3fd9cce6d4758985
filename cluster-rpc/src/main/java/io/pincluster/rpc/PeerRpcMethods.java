package io.pincluster.rpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.protocol.PeerRpcMessages;
import io.pincluster.protocol.PeerTypes;
import java.util.List;
import java.util.Set;

/**
 * The peer RPC's methods, shared by server and client: which message each request and answer travels as
 * ({@code peer-protocol}'s {@code peer_rpc.proto} declares the same service). Service and method names are part of
 * the protocol and of the signed auth headers.
 */
final class PeerRpcMethods {
    static final String SERVICE = "pincluster.PeerRpc";

    private static final ProtoMarshaller<PeerInfo, PeerTypes.PeerInfo> PEER_INFO = new ProtoMarshaller<>(
            PeerTypes.PeerInfo.getDefaultInstance(), PeerInfoMapper::toMessage, PeerInfoMapper::fromMessage);
    private static final ProtoMarshaller<PinInfo, PeerTypes.PinInfo> PIN_INFO = new ProtoMarshaller<>(
            PeerTypes.PinInfo.getDefaultInstance(), PinStatusMapper::toMessage, PinStatusMapper::fromMessage);

    static final MethodDescriptor<PeerRpcMessages.IdRequest, PeerInfo> ID = unary("Id",
            ProtoMarshaller.of(PeerRpcMessages.IdRequest.getDefaultInstance()), PEER_INFO);
    static final MethodDescriptor<Cid, PinInfo> STATUS = unary("Status",
            new ProtoMarshaller<>(PeerRpcMessages.StatusRequest.getDefaultInstance(),
                    cid -> PeerRpcMessages.StatusRequest.newBuilder().setCid(WireScalars.cid(cid)).build(),
                    m -> WireScalars.cid(m.getCid())),
            PIN_INFO);
    static final MethodDescriptor<Set<TrackerStatus>, List<CidStatus>> STATUS_ALL =
            MethodDescriptor.<Set<TrackerStatus>, List<CidStatus>>newBuilder()
                    .setType(MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StatusAll"))
                    .setRequestMarshaller(new ProtoMarshaller<>(
                            PeerRpcMessages.StatusAllRequest.getDefaultInstance(),
                            filter -> PeerRpcMessages.StatusAllRequest.newBuilder()
                                    .addAllFilter(PinStatusMapper.toFilter(filter)).build(),
                            m -> PinStatusMapper.fromFilter(m.getFilterList())))
                    .setResponseMarshaller(new ProtoMarshaller<>(
                            PeerRpcMessages.StatusBatch.getDefaultInstance(),
                            batch -> PeerRpcMessages.StatusBatch.newBuilder()
                                    .addAllEntries(PinStatusMapper.toEntries(batch)).build(),
                            m -> PinStatusMapper.fromEntries(m.getEntriesList())))
                    .build();
    static final MethodDescriptor<Cid, PinInfo> RECOVER = unary("Recover",
            new ProtoMarshaller<>(PeerRpcMessages.RecoverRequest.getDefaultInstance(),
                    cid -> PeerRpcMessages.RecoverRequest.newBuilder().setCid(WireScalars.cid(cid)).build(),
                    m -> WireScalars.cid(m.getCid())),
            PIN_INFO);
    static final MethodDescriptor<List<Metric>, PeerRpcMessages.ReceiveMetricsResponse> METRICS = unary(
            "ReceiveMetrics",
            new ProtoMarshaller<>(PeerRpcMessages.ReceiveMetricsRequest.getDefaultInstance(),
                    metrics -> PeerRpcMessages.ReceiveMetricsRequest.newBuilder()
                            .addAllMetrics(MetricMapper.toMessages(metrics)).build(),
                    m -> MetricMapper.fromMessages(m.getMetricsList())),
            ProtoMarshaller.of(PeerRpcMessages.ReceiveMetricsResponse.getDefaultInstance()));
    static final MethodDescriptor<Cid, byte[]> BLOCK = unary("Block",
            new ProtoMarshaller<>(PeerRpcMessages.BlockRequest.getDefaultInstance(),
                    cid -> PeerRpcMessages.BlockRequest.newBuilder().setCid(WireScalars.cid(cid)).build(),
                    m -> WireScalars.cid(m.getCid())),
            // Wrapped rather than copied: the block is serialized at once and neither side changes it after.
            new ProtoMarshaller<>(PeerRpcMessages.BlockResponse.getDefaultInstance(),
                    data -> PeerRpcMessages.BlockResponse.newBuilder()
                            .setData(UnsafeByteOperations.unsafeWrap(data)).build(),
                    m -> m.getData().toByteArray()));
    static final MethodDescriptor<BlockPut, PeerRpcMessages.PutBlockResponse> PUT_BLOCK = unary("PutBlock",
            new ProtoMarshaller<>(PeerRpcMessages.PutBlockRequest.getDefaultInstance(),
                    PeerRpcMethods::toMessage,
                    m -> new BlockPut(WireScalars.cid(m.getCid()), m.getData().toByteArray(),
                            m.getWakeRoot().isEmpty() ? null : WireScalars.cid(m.getWakeRoot()))),
            ProtoMarshaller.of(PeerRpcMessages.PutBlockResponse.getDefaultInstance()));
    static final MethodDescriptor<JoinRequest, PeerInfo> JOIN = unary("Join",
            new ProtoMarshaller<>(PeerRpcMessages.JoinRequest.getDefaultInstance(),
                    PeerInfoMapper::toMessage, PeerInfoMapper::fromMessage),
            PEER_INFO);

    static final MethodDescriptor<PeerRpcMessages.CollectGarbageRequest, List<Cid>> COLLECT_GARBAGE = unary(
            "CollectGarbage", ProtoMarshaller.of(PeerRpcMessages.CollectGarbageRequest.getDefaultInstance()),
            new ProtoMarshaller<>(PeerRpcMessages.CollectGarbageResponse.getDefaultInstance(),
                    keys -> PeerRpcMessages.CollectGarbageResponse.newBuilder()
                            .addAllKeys(keys.stream().map(WireScalars::cid).toList()).build(),
                    m -> m.getKeysList().stream().map(WireScalars::cid).toList()));
    static final MethodDescriptor<HoldingsReport, HoldingsReply> REPORT_HOLDINGS = unary("ReportHoldings",
            new ProtoMarshaller<>(PeerRpcMessages.ReportHoldingsRequest.getDefaultInstance(),
                    HoldingsMapper::toMessage, HoldingsMapper::fromMessage),
            new ProtoMarshaller<>(PeerRpcMessages.ReportHoldingsResponse.getDefaultInstance(),
                    HoldingsMapper::toMessage, HoldingsMapper::fromMessage));

    static final MethodDescriptor<List<Cid>, HoldersReply> FIND_HOLDERS = unary("FindHolders",
            new ProtoMarshaller<>(PeerRpcMessages.FindHoldersRequest.getDefaultInstance(),
                    HoldingsMapper::toMessage, HoldingsMapper::fromMessage),
            new ProtoMarshaller<>(PeerRpcMessages.FindHoldersResponse.getDefaultInstance(),
                    HoldingsMapper::toMessage, HoldingsMapper::fromMessage));

    static final MethodDescriptor<AllocationChangeMapper.Question, List<AllocationChange>> ALLOCATION_CHANGES =
            unary("AllocationChanges",
                    new ProtoMarshaller<>(PeerRpcMessages.AllocationChangesRequest.getDefaultInstance(),
                            AllocationChangeMapper::toMessage, AllocationChangeMapper::fromMessage),
                    new ProtoMarshaller<>(PeerRpcMessages.AllocationChangesResponse.getDefaultInstance(),
                            AllocationChangeMapper::toMessage, AllocationChangeMapper::fromMessage));

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
    /** A block to store; {@code wakeRoot} (null: none) names the DAG whose push it ends. */
    record BlockPut(Cid cid, byte[] data, Cid wakeRoot) {
        BlockPut(Cid cid, byte[] data) {
            this(cid, data, null);
        }
    }

    private static PeerRpcMessages.PutBlockRequest toMessage(BlockPut put) {
        PeerRpcMessages.PutBlockRequest.Builder b = PeerRpcMessages.PutBlockRequest.newBuilder()
                .setCid(WireScalars.cid(put.cid()))
                .setData(UnsafeByteOperations.unsafeWrap(put.data()));
        if (put.wakeRoot() != null) {
            b.setWakeRoot(WireScalars.cid(put.wakeRoot()));
        }
        return b.build();
    }
}
