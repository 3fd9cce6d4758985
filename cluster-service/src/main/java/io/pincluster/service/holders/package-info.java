/**
 * Confirmed holders: which peers hold a confirmed {@code pinned} copy of each pin, as the leader learns it from the
 * peers' reports, and the make-before-break release of copies that moved away.
 *
 * <p>Every peer's {@link io.pincluster.service.holders.HoldingsReporter} sends the leader, at
 * {@code cluster.holder_report_interval}, what its store gained and lost since its last report (from the pin
 * tracker), numbered by an epoch (random per process start) and a sequence number. The leader's
 * {@link io.pincluster.service.holders.HolderRegistry} applies a report only when it follows the last one it applied
 * from that peer and otherwise asks for a full report (paged). A new leader starts empty, so the first report each
 * peer sends it is answered "resync" and the view is rebuilt from the peers, not from the log.
 *
 * <p>With each report a peer lists copies it keeps although their pin moved away (surplus copies); the leader
 * answers which of them may go ({@link io.pincluster.service.holders.ReleaseRule}).
 *
 * <p>Trackers ask the leader, through {@link io.pincluster.service.holders.LeaderHolderLookup} (a thousand CIDs per
 * question), who holds a pin before they ask any peer for its blocks (decision 0022); the registry answers from the
 * same reports, and says "unknown" rather than "nobody" until every live peer has reported in full.
 */
package io.pincluster.service.holders;
