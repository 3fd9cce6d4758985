/**
 * The read-only IPFS HTTP gateway of a peer. {@link io.pincluster.gateway.GatewayServer} binds the port given by
 * {@link io.pincluster.gateway.GatewayConfig} and serves {@code /ipfs/{cid}[/path]} from a
 * {@link io.pincluster.gateway.content.ContentSource}.
 */
package io.pincluster.gateway;
