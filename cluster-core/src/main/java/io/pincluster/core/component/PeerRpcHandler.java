package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What this peer answers to the other peers of its cluster. The RPC server authenticates the caller and then
 * delegates here; the composition root implements it from the local components. Failures are
 * {@link ClusterException}s and reach the caller with their {@link ErrorCode}. Operations a partial
 * implementation does not offer fail with {@code UNAVAILABLE}.
 */
public interface PeerRpcHandler {
    /** This peer's {@code /id}. */
    PeerInfo id();

    /** This peer's tracker status for {@code cid}. */
    default PinInfo status(Cid cid) {
        throw notSupported("status");
    }

    /**
     * This peer's tracker statuses matching {@code filter} (empty = all), in CID order. The stream is consumed
     * lazily at the caller's pace and closed by the server when the call ends or is cancelled.
     */
    default Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        throw notSupported("statusAll");
    }

    /** Retries a failed pin or unpin of {@code cid} here; returns the status after queuing it. */
    default PinInfo recover(Cid cid) {
        throw notSupported("recover");
    }

    /** Metrics another peer published (ping, free space, tags...). */
    default void receiveMetrics(List<Metric> metrics) {
        throw notSupported("receiveMetrics");
    }

    /**
     * The bytes of a locally stored block.
     *
     * @throws ClusterException {@code NOT_FOUND} when the block is not stored here
     */
    default byte[] block(Cid cid) {
        throw notSupported("block");
    }

    /**
     * Stores a block sent by another peer (e.g. {@code /add} streaming to the allocated peers). The server has
     * already checked that {@code data} hashes to {@code cid}.
     */
    default void putBlock(Cid cid, byte[] data) {
        throw notSupported("putBlock");
    }

    /** A new peer asks to be added to the cluster; returns this peer's {@link #id()} once it is a member. */
    default PeerInfo join(JoinRequest request) {
        throw notSupported("join");
    }

    static ClusterException notSupported(String operation) {
        return new ClusterException(ErrorCode.UNAVAILABLE, operation + " is not supported by this peer");
    }
}
