package io.pincluster.core.pin;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster-wide status of one CID: the pin's description plus every peer's {@link PinInfo}, what the
 * external pinning services asked to hold it say (decision 0020; empty when none is), by service name, and its
 * archive in the cold tier when it has one ({@code cold}, null otherwise; decision 0019).
 */
public record GlobalPinInfo(Cid cid, String name, List<PeerId> allocations, List<String> origins, Instant created,
                            Map<String, String> metadata, SortedMap<PeerId, PinInfo> peerMap,
                            SortedMap<String, ExternalHolder> external, io.pincluster.core.cold.ArchiveEntry cold) {
    /** Without external holders or archive. */
    public GlobalPinInfo(Cid cid, String name, List<PeerId> allocations, List<String> origins, Instant created,
                         Map<String, String> metadata, SortedMap<PeerId, PinInfo> peerMap) {
        this(cid, name, allocations, origins, created, metadata, peerMap, null, null);
    }

    /** Without an archive. */
    public GlobalPinInfo(Cid cid, String name, List<PeerId> allocations, List<String> origins, Instant created,
                         Map<String, String> metadata, SortedMap<PeerId, PinInfo> peerMap,
                         SortedMap<String, ExternalHolder> external) {
        this(cid, name, allocations, origins, created, metadata, peerMap, external, null);
    }

    public GlobalPinInfo {
        name = name == null ? "" : name;
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
        origins = origins == null ? List.of() : List.copyOf(origins);
        created = created == null ? Instant.EPOCH : created;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        peerMap = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(peerMap == null ? Map.of() : peerMap));
        external = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(external == null ? Map.of() : external));
    }

    /** This status with {@code holders} as its external holders. */
    public GlobalPinInfo withExternal(Map<String, ExternalHolder> holders) {
        return new GlobalPinInfo(cid, name, allocations, origins, created, metadata, peerMap,
                new TreeMap<>(holders), cold);
    }

    /** The same status with the pin's archive (null: none). */
    public GlobalPinInfo withCold(io.pincluster.core.cold.ArchiveEntry archive) {
        return new GlobalPinInfo(cid, name, allocations, origins, created, metadata, peerMap, external, archive);
    }

    /** A status with the pin's fields filled from {@code pin} (which may be null for a CID not in the pinset). */
    public static GlobalPinInfo of(Cid cid, Pin pin, Map<PeerId, PinInfo> peerMap) {
        if (pin == null) {
            return new GlobalPinInfo(cid, "", List.of(), List.of(), Instant.EPOCH, Map.of(), new TreeMap<>(peerMap));
        }
        return new GlobalPinInfo(cid, pin.options().name(), pin.allocations(), pin.options().origins(),
                pin.timestamp(), pin.options().metadata(), new TreeMap<>(peerMap));
    }

    public boolean anyMatches(java.util.Set<TrackerStatus> filter) {
        return filter.isEmpty() || peerMap.values().stream().anyMatch(i -> filter.contains(i.status()));
    }
}
