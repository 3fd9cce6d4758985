/**
 * The cluster's peer-to-peer RPC: gRPC over Netty with hand-built method descriptors and compact binary
 * marshallers (no protoc). {@link io.pincluster.rpc.PeerRpcServer} serves a
 * {@link io.pincluster.core.component.PeerRpcHandler}; {@link io.pincluster.rpc.GrpcPeerRpc} is the
 * {@link io.pincluster.core.component.PeerRpc} client. Every call is authenticated with an HMAC of the cluster
 * secret ({@link io.pincluster.rpc.CallAuthenticator}).
 */
package io.pincluster.rpc;
