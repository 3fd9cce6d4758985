package io.pincluster.rpc;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCalls;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@link PeerRpc} client over gRPC and mutual TLS: one cached channel per peer and address, each accepting only
 * the peer it was opened for (a join's seed, whose peer ID is not known yet, may be any peer of the cluster); every
 * call bounded by a deadline.
 */
public final class GrpcPeerRpc implements PeerRpc {
    private final AddressBook addresses;
    private final PeerTls tls;
    private final RpcSettings settings;
    private final Map<Endpoint, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public GrpcPeerRpc(AddressBook addresses, PeerTls tls, RpcSettings settings) {
        this.addresses = addresses;
        this.tls = tls;
        this.settings = settings;
    }

    @Override
    public PeerInfo id(PeerId target) {
        return unary(target, PeerRpcMethods.ID, PeerRpcMessages.IdRequest.getDefaultInstance());
    }

    @Override
    public PinInfo status(PeerId target, Cid cid) {
        return unary(target, PeerRpcMethods.STATUS, cid);
    }

    @Override
    public Stream<CidStatus> statusAll(PeerId target, Set<TrackerStatus> filter) {
        Endpoint endpoint = new Endpoint(Optional.of(target), addressOf(target));
        Context.CancellableContext context = Context.current().withCancellation();
        Iterator<List<CidStatus>> batches;
        Context previous = context.attach();
        try {
            // The call binds to the attached context, so cancelling it later (stream closed) cancels the call.
            batches = ClientCalls.blockingServerStreamingCall(channel(endpoint), PeerRpcMethods.STATUS_ALL,
                    options(settings.streamTimeout().toMillis()), Set.copyOf(filter));
        } catch (StatusRuntimeException e) {
            context.cancel(null);
            throw failure(e, target, endpoint);
        } finally {
            context.detach(previous);
        }
        return new StatusStream(batches, e -> failure(e, target, endpoint)).stream()
                .onClose(() -> context.cancel(null));
    }

    @Override
    public PinInfo recover(PeerId target, Cid cid) {
        return unary(target, PeerRpcMethods.RECOVER, cid);
    }

    @Override
    public void sendMetrics(PeerId target, List<Metric> metrics) {
        unary(target, PeerRpcMethods.METRICS, List.copyOf(metrics));
    }

    @Override
    public byte[] block(PeerId target, Cid cid) {
        return unary(target, PeerRpcMethods.BLOCK, cid);
    }

    @Override
    public void putBlock(PeerId target, Cid cid, byte[] data) {
        unary(target, PeerRpcMethods.PUT_BLOCK, new PeerRpcMethods.BlockPut(cid, data));
    }

    @Override
    public boolean putLastBlock(PeerId target, Cid cid, byte[] data, Cid root) {
        return unary(target, PeerRpcMethods.PUT_BLOCK, new PeerRpcMethods.BlockPut(cid, data, root)).getWoken();
    }

    @Override
    public PeerInfo join(String seedAddress, JoinRequest request) {
        return unary(seedAddress, new Endpoint(Optional.empty(), seedAddress), PeerRpcMethods.JOIN, request);
    }

    @Override
    public List<Cid> collectGarbage(PeerId target) {
        return unary(target, PeerRpcMethods.COLLECT_GARBAGE,
                PeerRpcMessages.CollectGarbageRequest.getDefaultInstance());
    }

    @Override
    public HoldingsReply reportHoldings(PeerId target, HoldingsReport report) {
        return unary(target, PeerRpcMethods.REPORT_HOLDINGS, report);
    }

    /** A peer of an older build answers UNIMPLEMENTED: that is its answer ("unsupported"), not a failure. */
    @Override
    public HoldersReply findHolders(PeerId target, List<Cid> cids) {
        Endpoint endpoint = new Endpoint(Optional.of(target), addressOf(target));
        try {
            return ClientCalls.blockingUnaryCall(channel(endpoint), PeerRpcMethods.FIND_HOLDERS,
                    options(settings.callTimeout().toMillis()), List.copyOf(cids));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED) {
                return HoldersReply.unsupported();
            }
            throw failure(e, target, endpoint);
        }
    }

    /** A peer of an older build answers UNIMPLEMENTED: it has no changes to tell, not a failure. */
    @Override
    public List<AllocationChange> allocationChanges(PeerId target, Cid cid, int limit) {
        Endpoint endpoint = new Endpoint(Optional.of(target), addressOf(target));
        try {
            return ClientCalls.blockingUnaryCall(channel(endpoint), PeerRpcMethods.ALLOCATION_CHANGES,
                    options(settings.callTimeout().toMillis()), new AllocationChangeMapper.Question(cid, limit));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED) {
                return List.of();
            }
            throw failure(e, target, endpoint);
        }
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel c : channels.values()) {
            try {
                if (!c.awaitTermination(1, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                c.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }

    private <Q, A> A unary(PeerId target, MethodDescriptor<Q, A> method, Q request) {
        return unary(target.value(), new Endpoint(Optional.of(target), addressOf(target)), method, request);
    }

    private <Q, A> A unary(String peer, Endpoint endpoint, MethodDescriptor<Q, A> method, Q request) {
        try {
            return ClientCalls.blockingUnaryCall(channel(endpoint), method,
                    options(settings.callTimeout().toMillis()), request);
        } catch (StatusRuntimeException e) {
            throw failure(e, peer, endpoint);
        }
    }

    private ClusterException failure(StatusRuntimeException e, Object peer, Endpoint endpoint) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
            // Let the next call reconnect at once instead of waiting out gRPC's reconnect backoff.
            ManagedChannel c = channels.get(endpoint);
            if (c != null) {
                c.resetConnectBackoff();
            }
        }
        return RpcErrors.fromStatus(e, peer + " at " + endpoint.address());
    }

    private String addressOf(PeerId target) {
        return addresses.rpcAddress(target).orElseThrow(() -> new ClusterException(ErrorCode.UNAVAILABLE,
                "no RPC address known for peer " + target));
    }

    private CallOptions options(long timeoutMillis) {
        return CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private ManagedChannel channel(Endpoint endpoint) {
        if (closed) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "peer RPC client is closed");
        }
        return channels.computeIfAbsent(endpoint, this::open);
    }

    private ManagedChannel open(Endpoint endpoint) {
        HostPort hp = HostPort.parse(endpoint.address());
        return NettyChannelBuilder.forAddress(hp.host(), hp.port())
                .sslContext(TlsContexts.client(tls, endpoint.peer()))
                .maxInboundMessageSize(settings.maxMessageBytes())
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .build();
    }

    /** Where a channel goes, and which peer must answer there (any peer of the cluster when empty). */
    private record Endpoint(Optional<PeerId> peer, String address) {
    }
}
