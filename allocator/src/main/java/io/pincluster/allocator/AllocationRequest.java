package io.pincluster.allocator;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.util.List;
import java.util.Map;

/**
 * One question to the allocator: where should {@code cid} live?
 *
 * @param cid                the pin's CID (only named in errors; placement does not hash it)
 * @param replicationMin     resolved minimum copies (defaults already applied): {@code >= 1}, or -1 for everywhere
 * @param replicationMax     resolved maximum copies: {@code >= replicationMin}, or -1 with min -1
 * @param current            the pin's allocations today, in stored order (empty for a new pin)
 * @param userAllocations    peers the user asked for, tried first in this order
 * @param metrics            the valid metrics at decision time, restricted to the peerset by the caller
 * @param dagSize            the DAG's size in bytes, or {@link #UNKNOWN_SIZE}
 * @param pendingBytes       bytes already promised to each peer but not yet pinned there; they count
 *                           against its free space so a burst of pins spreads out
 */
public record AllocationRequest(Cid cid, int replicationMin, int replicationMax, List<PeerId> current,
                                List<PeerId> userAllocations, MetricsSnapshot metrics, long dagSize,
                                Map<PeerId, Long> pendingBytes) {
    public static final long UNKNOWN_SIZE = -1;

    public AllocationRequest {
        if (cid == null) {
            throw ClusterException.badRequest("an allocation request needs a CID");
        }
        boolean everywhere = replicationMin == -1 && replicationMax == -1;
        if (!everywhere && (replicationMin < 1 || replicationMax < replicationMin)) {
            throw ClusterException.badRequest("replication factors must be resolved to 1 <= min <= max, or -1/-1"
                    + " for everywhere; got min " + replicationMin + ", max " + replicationMax);
        }
        if (dagSize < UNKNOWN_SIZE) {
            throw ClusterException.badRequest("DAG size must be -1 (unknown) or at least 0; got " + dagSize);
        }
        current = current == null ? List.of() : List.copyOf(current);
        userAllocations = userAllocations == null ? List.of() : List.copyOf(userAllocations);
        metrics = metrics == null ? MetricsSnapshot.empty() : metrics;
        pendingBytes = pendingBytes == null ? Map.of() : Map.copyOf(pendingBytes);
        pendingBytes.forEach((peer, bytes) -> {
            if (bytes < 0) {
                throw ClusterException.badRequest("pending bytes of " + peer + " must not be negative: " + bytes);
            }
        });
    }

    /** A first allocation of a pin of unknown size: no current peers, no preferences, nothing pending. */
    public static AllocationRequest of(Cid cid, int min, int max, MetricsSnapshot metrics) {
        return new AllocationRequest(cid, min, max, List.of(), List.of(), metrics, UNKNOWN_SIZE, Map.of());
    }

    public boolean everywhere() {
        return replicationMin == -1;
    }

    public AllocationRequest withCurrent(List<PeerId> peers) {
        return new AllocationRequest(cid, replicationMin, replicationMax, peers, userAllocations, metrics, dagSize,
                pendingBytes);
    }

    public AllocationRequest withUserAllocations(List<PeerId> peers) {
        return new AllocationRequest(cid, replicationMin, replicationMax, current, peers, metrics, dagSize,
                pendingBytes);
    }

    public AllocationRequest withDagSize(long size) {
        return new AllocationRequest(cid, replicationMin, replicationMax, current, userAllocations, metrics, size,
                pendingBytes);
    }

    public AllocationRequest withPendingBytes(Map<PeerId, Long> pending) {
        return new AllocationRequest(cid, replicationMin, replicationMax, current, userAllocations, metrics, dagSize,
                pending);
    }
}
