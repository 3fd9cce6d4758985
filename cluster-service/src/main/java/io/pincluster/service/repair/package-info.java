/**
 * Repair, run by the Raft leader: pins allocated to a peer that has been down for the repair grace, or that was
 * removed from the cluster, get new allocations, most urgent first (fewest live copies), throttled, committed
 * through the log ({@link io.pincluster.service.repair.RepairPlanner}). When nothing needs repair the planner evens
 * out pin counts ({@code Rebalancer}, once a drift has lasted the settle time) and tops pins up to their replication
 * max ({@code TopUpSweep}); a peer whose store fills up sheds pins ({@link io.pincluster.service.repair.DiskPressure}).
 * Every move goes through the planner's one submission path and is recorded with its reason
 * ({@link io.pincluster.service.repair.MoveLog}). Peers that lose an allocation keep their copy until the new
 * holders are confirmed (the tracker's release handshake), so a move never takes a pin below its minimum.
 */
package io.pincluster.service.repair;
