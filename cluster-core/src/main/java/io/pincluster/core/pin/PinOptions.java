package io.pincluster.core.pin;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client asks for when it pins, as in ipfs-cluster's PinOptions. Replication 0 means "use the
 * configured default"; -1 means "every peer". {@code expireAt} is null for pins that never expire.
 */
public record PinOptions(
        int replicationMin,
        int replicationMax,
        String name,
        PinMode mode,
        long shardSize,
        List<PeerId> userAllocations,
        Instant expireAt,
        Map<String, String> metadata,
        Cid pinUpdate,
        List<String> origins) {

    public static final PinOptions DEFAULTS =
            new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null, List.of());

    public PinOptions {
        name = name == null ? "" : name;
        mode = mode == null ? PinMode.RECURSIVE : mode;
        userAllocations = userAllocations == null ? List.of() : List.copyOf(userAllocations);
        // the shared empty map for the common case: a fresh TreeMap per pin costs ~80 bytes in a large pinset
        metadata = metadata == null || metadata.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
        origins = origins == null ? List.of() : List.copyOf(origins);
        if (replicationMin < -1 || replicationMax < -1) {
            throw new IllegalArgumentException("replication factors must be -1 (everywhere), 0 (default) or positive");
        }
        if (replicationMin > 0 && replicationMax > 0 && replicationMin > replicationMax) {
            throw new IllegalArgumentException("replication-min (" + replicationMin
                    + ") is greater than replication-max (" + replicationMax + ")");
        }
        if ((replicationMin == -1) != (replicationMax == -1) && replicationMin != 0 && replicationMax != 0) {
            throw new IllegalArgumentException("replication -1 (everywhere) must be used for both min and max");
        }
    }

    public PinOptions withReplication(int min, int max) {
        return new PinOptions(min, max, name, mode, shardSize, userAllocations, expireAt, metadata, pinUpdate, origins);
    }

    public PinOptions withoutTransientFields() {
        return new PinOptions(replicationMin, replicationMax, name, mode, shardSize, List.of(), expireAt, metadata,
                null, origins);
    }
}
