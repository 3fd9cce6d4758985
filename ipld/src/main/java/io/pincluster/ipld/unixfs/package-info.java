/**
 * UnixFS over dag-pb: the UnixFS {@code Data} message, and a reader that stats nodes, streams file bytes
 * or ranges by walking the DAG with the blocksizes (never holding a whole file), lists directories and
 * resolves paths through plain and HAMT-sharded directories. Blocks come from a {@link
 * io.pincluster.ipld.unixfs.BlockGetter}.
 */
package io.pincluster.ipld.unixfs;
