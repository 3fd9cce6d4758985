/**
 * The cluster's peer-to-peer RPC: gRPC over Netty with hand-built method descriptors whose marshallers send the
 * protobuf messages of {@code peer-protocol} ({@link io.pincluster.protocol}). One mapper per area
 * ({@link io.pincluster.rpc.PeerInfoMapper}, {@link io.pincluster.rpc.PinStatusMapper},
 * {@link io.pincluster.rpc.MetricMapper}) turns them into {@code cluster-core} types and back.
 * {@link io.pincluster.rpc.PeerRpcServer} serves a {@link io.pincluster.core.component.PeerRpcHandler};
 * {@link io.pincluster.rpc.GrpcPeerRpc} is the {@link io.pincluster.core.component.PeerRpc} client. Every call is
 * authenticated with an HMAC of the cluster secret ({@link io.pincluster.rpc.CallAuthenticator}).
 */
package io.pincluster.rpc;
