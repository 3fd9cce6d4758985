/**
 * This peer's side of the cluster RPC: {@link io.pincluster.service.rpc.ClusterRpcClient} calls the other peers,
 * {@link io.pincluster.service.rpc.ClusterRpcServer} serves them through
 * {@link io.pincluster.service.rpc.LocalPeerHandler}, which answers from the local components.
 */
package io.pincluster.service.rpc;
