package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.RepairSummary;
import java.util.List;

/** The self-healing as seen from this peer ({@code GET /health/repair}, {@code GET /health/moves}). */
public interface RepairApi {
    /** The repair planner's last pass on this peer (counts only on the leader). */
    RepairSummary repairSummary();

    /** Automatic allocation changes this peer made as leader, newest first; only {@code cid}'s when not null. */
    List<AllocationChange> allocationChanges(Cid cid, int limit);
}
