package io.pincluster.core.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the repair planner saw at its last pass. Counts are of pins allocated to peers that are down or were
 * removed; only the leader counts them (other peers report zeros with {@code leader} false).
 *
 * @param peers           every member's state ({@code up}, {@code suspect}, {@code down}), since when, and the
 *                        operator's requests (drain, maintenance)
 * @param underReplicated pins with fewer live copies than their replication min
 * @param waitingForGrace of those, pins whose down peers are still within the repair grace
 * @param lost            pins with no live copy anywhere: reported, not re-allocated (nothing to copy from)
 * @param moving          copies peers hold past their allocation, waiting for the new holders to confirm
 * @param queued          pins waiting for a re-allocation (past the grace, not yet submitted)
 * @param inFlight        re-allocations submitted and not yet committed
 * @param repaired        repairs committed since this peer started (moves of kind {@link MoveKind#REPAIR})
 * @param moves           every re-allocation committed since this peer started, by kind (repairs included)
 * @param eta             time to commit what is queued and in flight at the configured rate
 * @param lostSample      up to 100 lost CIDs
 * @param cold            pins with no live copy anywhere but an archive in the cold tier (decision 0019): not
 *                        lost, re-allocated like any other, and their new holders restore them from the archive
 */
public record RepairSummary(Instant at, boolean leader, boolean enabled, Map<PeerId, PeerCondition> peers,
                            long underReplicated, long waitingForGrace, long lost, long moving, long queued,
                            long inFlight, long repaired, Map<MoveKind, Long> moves, Duration eta,
                            List<Cid> lostSample, long cold) {
    /** Without a cold tier. */
    public RepairSummary(Instant at, boolean leader, boolean enabled, Map<PeerId, PeerCondition> peers,
                         long underReplicated, long waitingForGrace, long lost, long moving, long queued,
                         long inFlight, long repaired, Map<MoveKind, Long> moves, Duration eta,
                         List<Cid> lostSample) {
        this(at, leader, enabled, peers, underReplicated, waitingForGrace, lost, moving, queued, inFlight, repaired,
                moves, eta, lostSample, 0);
    }

    /**
     * A member's state as this peer judges it and since when, and what the operator asked of it.
     *
     * @param drain            {@code none}, {@code drain} or {@code drain_and_remove}
     * @param maintenanceUntil end of its maintenance, or null
     * @param diskPressure     the leader is moving pins off it because its store is above the shed mark
     */
    public record PeerCondition(String state, Instant since, String drain, Instant maintenanceUntil,
                                boolean diskPressure) {
    }

    public RepairSummary {
        peers = Map.copyOf(peers);
        moves = Map.copyOf(moves);
        lostSample = List.copyOf(lostSample);
    }
}
