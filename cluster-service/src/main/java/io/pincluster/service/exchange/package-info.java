/**
 * Block exchange between the peers of a cluster, for the embedded block store: {@link
 * io.pincluster.service.exchange.BlockFetcher} fills in the missing blocks of a DAG from other peers over the
 * cluster RPC, checking every block's hash; {@link io.pincluster.service.exchange.FetchingPinner} is the tracker's
 * way to pin with it; {@link io.pincluster.service.exchange.BlockPusher} sends an added DAG to its allocated peers;
 * {@link io.pincluster.service.exchange.PeerFallbackContentSource} lets the gateway serve content held elsewhere.
 */
package io.pincluster.service.exchange;
