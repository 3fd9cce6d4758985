/**
 * The embedded, content-addressed block store: blocks on disk in a flatfs-like layout keyed by multihash,
 * durable local pins and a mark-and-sweep garbage collector. The entry point is
 * {@link io.pincluster.connector.blockstore.EmbeddedBlockStore#open}; other code should depend on the
 * {@link io.pincluster.core.block.BlockStore} and {@link io.pincluster.core.block.LocalPins}
 * interfaces. Every failure a caller can act on is a subclass of
 * {@link io.pincluster.core.block.BlockStoreException}.
 */
package io.pincluster.connector.blockstore;
