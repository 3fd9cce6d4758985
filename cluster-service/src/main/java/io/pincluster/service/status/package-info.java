/**
 * Cluster-wide pin status: this peer's own answers ({@link io.pincluster.service.status.LocalStatusSource}), the
 * names of the other peers, and the merge of every peer's CID-ordered status stream into ipfs-cluster's
 * {@code GlobalPinInfo}s with memory bounded by the number of peers, not the size of the pinset. Another peer gets
 * the status deadline ({@code cluster.status_timeout}) per answer and per streamed item
 * ({@link io.pincluster.service.status.DeadlineStream}); one that lets it pass is not asked again until it answers
 * ({@link io.pincluster.service.status.SilentPeers}), so a hung peer does not slow status answers down.
 */
package io.pincluster.service.status;
