/**
 * The UnixFS importer, producing the same blocks and CIDs as {@code ipfs add} (Kubo): fixed-size
 * chunking, balanced layout with 174 links per node, CIDv0 with UnixFS file leaves by default, CIDv1 with
 * raw leaves, directories with links sorted by name, HAMT-sharded past Kubo's 256 KiB threshold. Files
 * stream through with constant memory; blocks go to a {@link io.pincluster.core.block.BlockSink} as soon
 * as they are complete. ({@code pincluster hash}, the command line's
 * {@code ipfs add --only-hash}, parses its arguments in cluster-service and calls {@link PathImporter}.)
 */
package io.pincluster.ipld.importer;
