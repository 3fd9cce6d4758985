package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.RepairSummary;
import java.util.List;

/** The self-healing as seen from this peer ({@code GET /health/repair}, {@code GET /health/moves}). */
public interface RepairApi {
    /** The repair planner's last pass on this peer (counts only on the leader). */
    RepairSummary repairSummary();

    /**
     * The cluster's automatic allocation changes, newest first, at most {@code limit}; only {@code cid}'s when not
     * null. Each peer remembers those it made while it led; a member that does not answer in time is left out.
     */
    List<AllocationChange> allocationChanges(Cid cid, int limit);
}
