/**
 * The cold tier in the cluster (issue 17, decision 0019): {@link io.pincluster.service.cold.ColdTier} opens the
 * bucket and serves verified blocks from archives on a hot miss (the gateway and the pin tracker ask it through
 * {@link io.pincluster.service.cold.ColdBlocks}); {@link io.pincluster.service.cold.ArchiveScheduler} decides which
 * pins this peer archives, runs those jobs throttled and retried, and records each finished archive in the replicated
 * index.
 */
package io.pincluster.service.cold;
