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
 */
public record HoldingsReply(boolean notLeader, boolean resync, List<Cid> releasable) {
    public HoldingsReply {
        releasable = releasable == null ? List.of() : List.copyOf(releasable);
    }

    public static HoldingsReply notLeaderReply() {
        return new HoldingsReply(true, false, List.of());
    }
}
