package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Calls another peer's {@link PeerRpcHandler}. The target's address comes from the {@link AddressBook}; every
 * call carries proof of the cluster secret and a deadline. Failures are {@link ClusterException}s:
 * {@code UNAVAILABLE} (naming the peer) when the peer is unknown, unreachable or too slow, {@code UNAUTHORIZED}
 * when it rejects our credentials, otherwise the code the remote handler failed with. Thread-safe.
 */
public interface PeerRpc extends AutoCloseable {
    PeerInfo id(PeerId target);

    PinInfo status(PeerId target, Cid cid);

    /**
     * {@code target}'s statuses matching {@code filter} (empty = all), in CID order, streamed lazily with flow
     * control. The caller must close the stream (that cancels the call). A failure mid-stream surfaces as a
     * {@link ClusterException} from the stream's terminal operation.
     */
    Stream<CidStatus> statusAll(PeerId target, Set<TrackerStatus> filter);

    PinInfo recover(PeerId target, Cid cid);

    void sendMetrics(PeerId target, List<Metric> metrics);

    /** A block from {@code target}'s store; {@code NOT_FOUND} when it does not hold it. */
    byte[] block(PeerId target, Cid cid);

    /** Stores a block on {@code target}; it refuses ({@code BAD_REQUEST}) data that does not hash to {@code cid}. */
    void putBlock(PeerId target, Cid cid, byte[] data);

    /**
     * Stores the last block of a push of the DAG under {@code root} on {@code target} and asks it, in the same call,
     * to wake its tracker for {@code root}. Returns whether it did: a peer of an older build stores the block but
     * does not know the request, and then needs a {@link #recover}.
     */
    boolean putLastBlock(PeerId target, Cid cid, byte[] data, Cid root);

    /** Asks the peer at {@code seedAddress} ({@code host:port} of its RPC) to add us; returns the seed's id. */
    PeerInfo join(String seedAddress, JoinRequest request);

    /** Runs a garbage collection of {@code target}'s block store; returns the removed blocks. */
    List<Cid> collectGarbage(PeerId target);

    /**
     * Sends this peer's holdings (what it holds pinned) to {@code target}, the leader. A peer of a build without
     * this call answers {@code UNAVAILABLE} ("does not support this call").
     */
    HoldingsReply reportHoldings(PeerId target, HoldingsReport report);

    /**
     * Asks {@code target}, the leader, which peers hold each of {@code cids} pinned, as their holdings reports say.
     * A peer of a build without this call answers {@link HoldersReply#unsupported()} (not a failure: the caller falls
     * back to asking the peers themselves); this default is that answer.
     *
     * @throws ClusterException {@code UNAVAILABLE} when {@code target} cannot be reached
     */
    default HoldersReply findHolders(PeerId target, List<Cid> cids) {
        return HoldersReply.unsupported();
    }

    /**
     * Asks {@code target} for the automatic allocation changes it made while it led the cluster, newest first, at most
     * {@code limit}, only {@code cid}'s when it is not null. A peer of a build without this call answers none; this
     * default is that answer.
     *
     * @throws ClusterException {@code UNAVAILABLE} when {@code target} cannot be reached
     */
    default List<AllocationChange> allocationChanges(PeerId target, Cid cid, int limit) {
        return List.of();
    }

    /** Closes every channel; later calls fail with {@code UNAVAILABLE}. Idempotent. */
    @Override
    void close();
}
