package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What this peer answers to the other peers of its cluster. The RPC server authenticates the caller and then
 * delegates here; the composition root implements it from the local components. Failures are
 * {@link ClusterException}s and reach the caller with their {@link ErrorCode}.
 */
public interface PeerRpcHandler {
    /** This peer's {@code /id}. */
    PeerInfo id();

    /** This peer's tracker status for {@code cid}. */
    PinInfo status(Cid cid);

    /**
     * This peer's tracker statuses matching {@code filter} (empty = all), in CID order. The stream is consumed
     * lazily at the caller's pace and closed by the server when the call ends or is cancelled.
     */
    Stream<CidStatus> statusAll(Set<TrackerStatus> filter);

    /** Retries a failed pin or unpin of {@code cid} here; returns the status after queuing it. */
    PinInfo recover(Cid cid);

    /** Metrics another peer published (ping, free space, tags...). */
    void receiveMetrics(List<Metric> metrics);

    /**
     * The bytes of a locally stored block.
     *
     * @throws ClusterException {@code NOT_FOUND} when the block is not stored here
     */
    byte[] block(Cid cid);

    /**
     * Stores a block sent by another peer (e.g. {@code /add} streaming to the allocated peers). The server has
     * already checked that {@code data} hashes to {@code cid}.
     */
    void putBlock(Cid cid, byte[] data);

    /**
     * A push of the DAG under {@code root} to this peer ended with the block just stored: wakes this peer's tracker
     * for it (as {@link #recover} does) without the sender's separate call. Returns whether it did; a handler that
     * tracks no pins answers false, and the sender asks with {@link #recover} instead.
     */
    default boolean pushed(Cid root) {
        return false;
    }

    /** A new peer asks to be added to the cluster; returns this peer's {@link #id()} once it is a member. */
    PeerInfo join(JoinRequest request);

    /**
     * Runs a garbage collection of this peer's block store; returns the removed blocks.
     *
     * @throws ClusterException {@code BAD_REQUEST} when this peer's store offers no GC
     */
    List<Cid> collectGarbage();

    /**
     * Another peer's holdings report (what it holds pinned, see {@link HoldingsReport}). Only the leader keeps
     * them; any other peer answers {@link HoldingsReply#notLeader()}.
     */
    HoldingsReply reportHoldings(HoldingsReport report);

    /**
     * Which peers hold each of {@code cids} pinned, as the holdings reports to this peer say. Only the leader keeps
     * them; any other peer answers {@link HoldersReply#notLeaderReply()}. This default is a peer that keeps no view
     * at all.
     */
    default HoldersReply findHolders(List<Cid> cids) {
        return HoldersReply.notLeaderReply();
    }

    /**
     * The automatic allocation changes this peer made while it led the cluster, newest first, at most {@code limit},
     * only {@code cid}'s when it is not null. This default is a peer that made none.
     */
    default List<AllocationChange> allocationChanges(Cid cid, int limit) {
        return List.of();
    }
}
