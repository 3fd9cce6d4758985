/**
 * The peer RPC's messages, generated at build time from {@code src/main/protobuf/pincluster/*.proto}:
 * {@link io.pincluster.protocol.PeerTypes} (peer, pin, metric and status shapes) and
 * {@link io.pincluster.protocol.PeerRpcMessages} (each method's request and answer). The {@code .proto} files are
 * the contract between peers of different builds; their header comments give the rules for changing them.
 * Domain code does not use these classes: {@code cluster-rpc} maps them to and from {@code cluster-core} types.
 */
package io.pincluster.protocol;
