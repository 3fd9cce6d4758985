/**
 * The block-level contracts shared by the importer, the codecs, the gateway and the block stores: where blocks go
 * ({@link io.pincluster.core.block.BlockSink}), how links are read ({@link io.pincluster.core.block.LinkReader}),
 * a content-addressed store ({@link io.pincluster.core.block.BlockStore}) with its local pins
 * ({@link io.pincluster.core.block.LocalPins}), and the typed failures of a store, all subclasses of
 * {@link io.pincluster.core.block.BlockStoreException}. Implementations live in node-connector.
 */
package io.pincluster.core.block;
