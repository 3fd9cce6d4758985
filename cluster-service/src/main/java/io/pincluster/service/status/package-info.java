/**
 * Cluster-wide pin status: this peer's own answers ({@link io.pincluster.service.status.LocalStatusSource}), the
 * names of the other peers, and the merge of every peer's CID-ordered status stream into ipfs-cluster's
 * {@code GlobalPinInfo}s with memory bounded by the number of peers, not the size of the pinset.
 */
package io.pincluster.service.status;
