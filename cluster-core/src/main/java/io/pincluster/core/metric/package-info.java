/**
 * What peers say about themselves at a point in time (free space, tags, queue length, liveness), as
 * {@link io.pincluster.core.metric.Metric}s with an expiry, and the snapshot of valid metrics the
 * allocator decides from. Names and JSON shape follow ipfs-cluster's informers.
 */
package io.pincluster.core.metric;
