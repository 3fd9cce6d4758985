package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated pinset. Writes go through the Raft log (decided on the leader, applied on every peer);
 * reads are served from this peer's own replica. Writes answer with a future (no thread waits while the log
 * commits; the blocking forms wait for it); they fail with a {@link ClusterException}: {@code NO_QUORUM} when no majority answers within the configured request
 * timeout, {@code NOT_FOUND} for unpinning a CID that is not pinned, or whatever the leader's decision
 * rejected (e.g. {@code BAD_REQUEST}).
 */
public interface Consensus extends AutoCloseable {
    /** Starts the Raft server and this peer's replica (loads the latest snapshot, replays the log). */
    void start() throws IOException;

    /** This peer's replica, read locally (eventually consistent with the leader). */
    PinSetView state();

    /** Pins {@code cid}; completes once the pin is committed and applied on this peer (read-your-writes). */
    CompletableFuture<Pin> pinAsync(Cid cid, PinOptions options);

    /** Unpins {@code cid}; completes with the pin as it was; {@link ClusterException#notPinned()} if absent. */
    CompletableFuture<Pin> unpinAsync(Cid cid);

    /** {@link #pinAsync}, waiting for the answer. */
    default Pin pin(Cid cid, PinOptions options) {
        return ClusterException.await(pinAsync(cid, options));
    }

    /** {@link #unpinAsync}, waiting for the answer. */
    default Pin unpin(Cid cid) {
        return ClusterException.await(unpinAsync(cid));
    }

    /** Subscribes to every change of this peer's replica; see {@link PinSetListener} for threading. */
    void addListener(PinSetListener listener);

    PeerInfo.RaftInfo raftInfo();

    /** The voting members of the current Raft configuration. */
    List<PeerId> peers();

    /** The current leader as this peer knows it. */
    Optional<PeerId> leader();

    /**
     * Adds {@code peer} (a running peer whose Raft server listens at {@code raftAddress} and was started with
     * no configuration) as a voting member; returns once it caught up and the new configuration is committed.
     * One membership change at a time in the whole cluster: a second one fails with {@code CONFLICT}.
     * Adding a current member is a no-op.
     */
    default void addPeer(PeerId peer, String raftAddress) {
        throw new ClusterException(ErrorCode.UNAVAILABLE, "adding peers is not supported");
    }

    /**
     * Removes {@code peer} from the voting members (it may be down, as long as a majority of the others is up).
     * The peer is marked removed in the {@link #directory()} first, so it does not come back as a voter.
     * {@code NOT_FOUND} for a peer that is not a member, {@code CONFLICT} while another change runs.
     */
    default void removePeer(PeerId peer) {
        throw new ClusterException(ErrorCode.UNAVAILABLE,
                "removing peers is not supported");
    }

    /** Writes {@code record} to the replicated peer directory (through the log; needs a quorum). */
    default void register(PeerRecord record) {
        throw new ClusterException(ErrorCode.UNAVAILABLE,
                "the peer directory is not supported");
    }

    /** This peer's replica of the peer directory (read locally). */
    default List<PeerRecord> directory() {
        return List.of();
    }

    /** Stops the Raft server; pending calls fail. Idempotent. */
    @Override
    void close();
}
