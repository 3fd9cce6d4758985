package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import java.util.List;

/**
 * The leader's answer to "which peers hold these CIDs pinned?" ({@link PeerRpc#findHolders}), from the holdings
 * reports the peers send it.
 *
 * @param supported false when the peer asked does not know the question (a build that predates it): it said nothing
 * @param notLeader the peer asked does not lead the cluster (now): it said nothing
 * @param complete  every live peer has sent the leader a complete report, so a CID with no holder listed is held
 *                  pinned by no live peer; when false (a new leader still rebuilding its view) such a CID is
 *                  unknown, not absent
 * @param holders   for each CID asked, in the same order, the peers that hold it pinned (empty when not
 *                  {@code supported} or {@code notLeader})
 */
public record HoldersReply(boolean supported, boolean notLeader, boolean complete, List<List<PeerId>> holders) {
    public HoldersReply {
        holders = holders == null ? List.of() : holders.stream().map(List::copyOf).toList();
    }

    /** What a peer that does not lead answers. */
    public static HoldersReply notLeaderReply() {
        return new HoldersReply(true, true, false, List.of());
    }

    /** What stands for the answer of a peer that does not know the question. */
    public static HoldersReply unsupported() {
        return new HoldersReply(false, false, false, List.of());
    }
}
