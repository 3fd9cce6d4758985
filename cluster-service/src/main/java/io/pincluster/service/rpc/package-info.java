/**
 * This peer's side of the cluster RPC: {@link io.pincluster.service.rpc.LocalPeerHandler} answers other peers from
 * the local components; {@link io.pincluster.service.rpc.PeerRpcWiring} starts the server and the client.
 */
package io.pincluster.service.rpc;
