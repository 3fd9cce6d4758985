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

    /** The voting members of the current Raft configuration (empty before the consensus starts). */
    List<PeerId> peers();

    /** The current leader as this peer knows it. */
    Optional<PeerId> leader();

    /**
     * Adds {@code peer} (a running peer whose Raft server listens at {@code raftAddress} and was started with
     * no configuration) as a voting member; returns once it caught up and the new configuration is committed.
     * A second change while one runs fails with {@code CONFLICT}. Adding a current member is a no-op.
     */
    void addPeer(PeerId peer, String raftAddress);

    /**
     * Removes {@code peer} from the voting members (it may be down, as long as a majority of the others is up).
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
