package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import java.util.List;

/**
 * The leader's answer to a {@link HoldingsReport}.
 *
 * @param notLeader  the receiver does not lead the cluster (now): nothing was applied; report again later
 * @param resync     the message did not follow the last one applied from the reporter (another epoch, a gap, or a
 *                   leader that never heard of it): nothing was applied; send a full report
 * @param releasable those of the report's {@code awaitingRelease} CIDs the reporter may now unpin: the pin is gone
 *                   or its new holders are confirmed
 * @param holderAppeared CIDs allocated to the reporter that another peer newly confirmed pinned since the reporter's
 *                   last report: a pin the reporter waits on for want of a holder can be fetched now
 * @param recheckWaiting the leader lost count of what to tell the reporter (too many CIDs): it should try again
 *                   every pin it waits on
 */
public record HoldingsReply(boolean notLeader, boolean resync, List<Cid> releasable, List<Cid> holderAppeared,
                            boolean recheckWaiting) {
    public HoldingsReply {
        releasable = releasable == null ? List.of() : List.copyOf(releasable);
        holderAppeared = holderAppeared == null ? List.of() : List.copyOf(holderAppeared);
    }

    /** A reply that tells of no new holders. */
    public HoldingsReply(boolean notLeader, boolean resync, List<Cid> releasable) {
        this(notLeader, resync, releasable, List.of(), false);
    }

    public static HoldingsReply notLeaderReply() {
        return new HoldingsReply(true, false, List.of());
    }
}
