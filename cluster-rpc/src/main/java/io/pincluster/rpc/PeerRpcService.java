package io.pincluster.rpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The server side of every peer RPC method: decodes nothing itself (the marshallers do), refuses a message that
 * names another peer than the caller's certificate ({@link CallerIdentity}), and delegates to the handler.
 */
final class PeerRpcService {
    private PeerRpcService() {
    }

    static ServerServiceDefinition definition(PeerRpcHandler handler, int statusBatchSize) {
        return ServerServiceDefinition.builder(PeerRpcMethods.SERVICE)
                .addMethod(PeerRpcMethods.ID, unary(PeerRpcMethods.ID, none -> handler.id()))
                .addMethod(PeerRpcMethods.STATUS, unary(PeerRpcMethods.STATUS, handler::status))
                .addMethod(PeerRpcMethods.STATUS_ALL, ServerCalls.asyncServerStreamingCall(
                        (Set<TrackerStatus> filter, StreamObserver<List<CidStatus>> observer) -> {
                            ServerCallStreamObserver<List<CidStatus>> out =
                                    (ServerCallStreamObserver<List<CidStatus>>) observer;
                            Stream<CidStatus> source;
                            try {
                                source = handler.statusAll(filter);
                            } catch (RuntimeException e) {
                                out.onError(RpcErrors.toStatus(e, PeerRpcMethods.STATUS_ALL.getFullMethodName()));
                                return;
                            }
                            StatusPump.start(source, out, statusBatchSize,
                                    PeerRpcMethods.STATUS_ALL.getFullMethodName());
                        }))
                .addMethod(PeerRpcMethods.RECOVER, unary(PeerRpcMethods.RECOVER, handler::recover))
                .addMethod(PeerRpcMethods.METRICS, unary(PeerRpcMethods.METRICS, metrics -> {
                    metrics.forEach(m -> CallerIdentity.requireCallerIs(m.peer(), "a metric"));
                    handler.receiveMetrics(metrics);
                    return PeerRpcMessages.ReceiveMetricsResponse.getDefaultInstance();
                }))
                .addMethod(PeerRpcMethods.BLOCK, unary(PeerRpcMethods.BLOCK, handler::block))
                .addMethod(PeerRpcMethods.PUT_BLOCK, unary(PeerRpcMethods.PUT_BLOCK, put -> {
                    checkHash(put.cid(), put.data());
                    handler.putBlock(put.cid(), put.data());
                    boolean woken = put.wakeRoot() != null && handler.pushed(put.wakeRoot());
                    return woken ? PeerRpcMessages.PutBlockResponse.newBuilder().setWoken(true).build()
                            : PeerRpcMessages.PutBlockResponse.getDefaultInstance();
                }))
                .addMethod(PeerRpcMethods.JOIN, unary(PeerRpcMethods.JOIN, request -> {
                    CallerIdentity.requireCallerIs(request.peer(), "a join request");
                    return handler.join(request);
                }))
                .addMethod(PeerRpcMethods.COLLECT_GARBAGE, unary(PeerRpcMethods.COLLECT_GARBAGE,
                        none -> handler.collectGarbage()))
                .addMethod(PeerRpcMethods.REPORT_HOLDINGS, unary(PeerRpcMethods.REPORT_HOLDINGS, report -> {
                    CallerIdentity.requireCallerIs(report.peer(), "a holdings report");
                    return handler.reportHoldings(report);
                }))
                .addMethod(PeerRpcMethods.FIND_HOLDERS, unary(PeerRpcMethods.FIND_HOLDERS, handler::findHolders))
                .addMethod(PeerRpcMethods.ALLOCATION_CHANGES, unary(PeerRpcMethods.ALLOCATION_CHANGES,
                        q -> handler.allocationChanges(q.cid(), q.limit())))
                .build();
    }

    private static void checkHash(Cid cid, byte[] data) {
        if (!cid.multihash().matches(data)) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "block data does not hash to " + cid);
        }
    }

    private static <Q, A> io.grpc.ServerCallHandler<Q, A> unary(MethodDescriptor<Q, A> method, Function<Q, A> body) {
        return ServerCalls.asyncUnaryCall((request, observer) -> {
            A answer;
            try {
                answer = body.apply(request);
            } catch (RuntimeException e) {
                observer.onError(RpcErrors.toStatus(e, method.getFullMethodName()));
                return;
            }
            if (answer == null) {
                observer.onError(RpcErrors.toStatus(new ClusterException(ErrorCode.INTERNAL,
                        method.getBareMethodName() + " returned nothing"), method.getFullMethodName()));
                return;
            }
            observer.onNext(answer);
            observer.onCompleted();
        });
    }
}
