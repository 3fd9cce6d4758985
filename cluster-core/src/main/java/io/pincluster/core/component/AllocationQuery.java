package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinType;
import java.util.Set;

/**
 * A page of the pinset ({@code GET /allocations}): by type, optionally by name (exact or prefix) or one
 * metadata key/value, in CID order after the {@code after} cursor, at most {@code limit} pins
 * (0 = no limit). Answered from indexes, never by scanning the whole pinset.
 */
public record AllocationQuery(Set<PinType> types, String name, boolean namePrefix, String metaKey,
                              String metaValue, Cid after, int limit) {
    public static final AllocationQuery ALL = new AllocationQuery(Set.of(), null, false, null, null, null, 0);

    public AllocationQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if ((metaKey == null) != (metaValue == null)) {
            throw new IllegalArgumentException("a metadata filter needs both a key and a value");
        }
    }
}
