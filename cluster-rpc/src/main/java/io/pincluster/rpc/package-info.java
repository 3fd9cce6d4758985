/**
 * The cluster's peer-to-peer RPC: gRPC over Netty with hand-built method descriptors whose marshallers send the
 * protobuf messages of {@code peer-protocol} ({@link io.pincluster.protocol}). One mapper per area
 * ({@link io.pincluster.rpc.PeerInfoMapper}, {@link io.pincluster.rpc.PinStatusMapper},
 * {@link io.pincluster.rpc.MetricMapper}) turns them into {@code cluster-core} types and back.
 * {@link io.pincluster.rpc.PeerRpcServer} serves a {@link io.pincluster.core.component.PeerRpcHandler};
 * {@link io.pincluster.rpc.GrpcPeerRpc} is the {@link io.pincluster.core.component.PeerRpc} client. Every link is
 * mutual TLS with this peer's {@link io.pincluster.core.tls.PeerTls}; the caller of a call is the peer its
 * certificate names ({@link io.pincluster.rpc.CallerIdentity}).
 */
package io.pincluster.rpc;
