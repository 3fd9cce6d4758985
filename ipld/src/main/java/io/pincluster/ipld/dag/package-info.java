/**
 * Algorithms over any DAG of blocks, independent of codec and store: the depth-first walk that CAR export, pins and
 * garbage collection share. Blocks come from a caller's source and links from a
 * {@link io.pincluster.core.block.LinkReader}.
 */
package io.pincluster.ipld.dag;
