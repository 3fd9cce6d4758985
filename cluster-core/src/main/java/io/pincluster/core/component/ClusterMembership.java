package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.state.PeerRecord;
import java.util.List;
import java.util.Optional;

/**
 * Who is in the cluster: the voting members of the Raft group, its leader, the replicated peer directory and the
 * changes to them. Membership changes go one at a time in the whole cluster.
 */
public interface ClusterMembership {
    PeerInfo.RaftInfo raftInfo();

    /**
     * How many times this peer, leading, found a follower that answered but could take no entries and ended its term
     * so the next leader brings it back (decision 0029); 0 where the consensus needs no such watch.
     */
    default long stalledFollowersFound() {
        return 0;
    }

    /**
     * Every member of the current Raft configuration, voters and listeners alike (empty before the consensus starts):
     * each is a full cluster peer (allocations, trackers, RPC); only {@link #voters()} count for quorum.
     */
    List<PeerId> peers();

    /** The members that vote in Raft: at most the configured number (decision 0013); the others are listeners. */
    List<PeerId> voters();

    /** The current leader as this peer knows it. */
    Optional<PeerId> leader();

    /**
     * Adds {@code peer} (a running peer whose Raft server listens at {@code raftAddress} and was started with
     * no configuration) as a voter while there are fewer than the configured number, else as a listener; returns once it caught up and the new configuration is committed.
     * A second change while one runs fails with {@code CONFLICT}. Adding a current member is a no-op.
     */
    void addPeer(PeerId peer, String raftAddress);

    /**
     * Removes {@code peer}, voter or listener (it may be down, as long as a majority of the voters is up); a removed
     * voter's place goes to a caught-up listener.
     * The peer is marked removed in the {@link #directory()} first, so it does not come back as a voter.
     * {@code NOT_FOUND} for a peer that is not a member, {@code CONFLICT} while another change runs.
     */
    void removePeer(PeerId peer);

    /**
     * Leaves the cluster (for {@code leave_on_shutdown}): hands leadership over if this peer leads, then removes
     * itself. Call before closing the consensus.
     */
    void leave();

    /** True once this peer stopped because the cluster removed it. */
    boolean isRemoved();

    /** Writes {@code record} to the replicated peer directory (through the log; needs a quorum). */
    void register(PeerRecord record);

    /** This peer's replica of the peer directory (read locally). */
    List<PeerRecord> directory();
}
