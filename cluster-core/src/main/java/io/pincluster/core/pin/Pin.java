package io.pincluster.core.pin;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;

/**
 * One entry of the shared pinset as committed to the log: the options, the peers the leader allocated
 * it to (empty when replication is -1, meaning every peer) and the time the leader accepted it.
 */
public record Pin(Cid cid, PinOptions options, PinType type, List<PeerId> allocations, Cid reference,
                  Instant timestamp) {
    public Pin {
        if (cid == null) {
            throw new IllegalArgumentException("a pin needs a CID");
        }
        options = options == null ? PinOptions.DEFAULTS : options;
        type = type == null ? PinType.DATA : type;
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
        timestamp = timestamp == null ? Instant.EPOCH : timestamp;
    }

    public boolean isAllocatedTo(PeerId peer) {
        return options.replicationMin() == -1 || allocations.contains(peer);
    }

    public boolean isEverywhere() {
        return options.replicationMin() == -1;
    }

    public boolean isExpiredAt(Instant now) {
        return options.expireAt() != null && !options.expireAt().isAfter(now);
    }

    public int maxDepth() {
        return options.mode().maxDepth();
    }
}
