package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.health.PeerHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the repair planner saw at its last pass. Counts are of pins allocated to peers that are down or were
 * removed (only the leader counts them; other peers report zeros with {@code leader} false).
 *
 * @param underReplicated pins with fewer live copies than their replication min
 * @param waitingForGrace of those, pins whose down peers are still within the repair grace
 * @param lost            pins with no live copy anywhere: reported, not re-allocated (nothing to copy from)
 * @param moving          copies peers hold past their allocation, waiting for the new holders to confirm
 * @param queued          pins waiting for a re-allocation (past the grace, not yet committed)
 * @param inFlight        re-allocations submitted and not yet committed
 * @param repaired        re-allocations committed since this peer started
 * @param eta             time to commit the queue at the configured rate (zero when nothing is queued)
 * @param lostSample      up to 100 lost CIDs
 */
public record RepairReport(Instant at, boolean leader, boolean enabled, Map<PeerId, PeerHealth.Status> peers,
                           long underReplicated, long waitingForGrace, long lost, long moving, long queued,
                           long inFlight, long repaired, Duration eta, List<Cid> lostSample) {
    public RepairReport {
        peers = Map.copyOf(peers);
        lostSample = List.copyOf(lostSample);
    }

    static RepairReport idle(Instant at, boolean enabled, Map<PeerId, PeerHealth.Status> peers, long repaired) {
        return new RepairReport(at, false, enabled, peers, 0, 0, 0, 0, 0, 0, repaired, Duration.ZERO, List.of());
    }
}
