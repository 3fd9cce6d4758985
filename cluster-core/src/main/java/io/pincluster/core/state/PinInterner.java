package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes pins that say the same thing share the same objects: every pin decoded from the log or a snapshot
 * arrives with its own options and allocation list, yet a large pinset uses a handful of option sets and
 * allocation lists over and over. Only values with few distinct forms are shared (options without a name,
 * metadata, expiry or pin-update; allocation lists), and each table is capped, so a pinset of unique values
 * cannot make it grow without bound. (Timestamps need no sharing: a {@link Pin} keeps its time as two numbers.)
 * Used by the single writer only, hence not thread-safe.
 */
final class PinInterner {
    static final int MAX_OPTIONS = 1024;
    static final int MAX_ALLOCATION_LISTS = 1 << 16;
    static final int MAX_PEERS = 4096;

    private final Map<PinOptions, PinOptions> options = new HashMap<>();
    private final Map<List<PeerId>, List<PeerId>> allocationLists = new HashMap<>();
    private final Map<PeerId, PeerId> peers = new HashMap<>();
    private PinOptions lastOptionsIn;
    private PinOptions lastOptionsOut;

    /** {@code pin} itself when it already uses the shared objects, else an equal pin that does. */
    Pin intern(Pin pin) {
        return intern(pin, pin.cid());
    }

    /** As above, with {@code cid} (equal to the pin's) as its CID object. */
    Pin intern(Pin pin, Cid cid) {
        PinOptions o = options(pin.options());
        List<PeerId> a = allocations(pin.allocations());
        if (o == pin.options() && a == pin.allocations() && cid == pin.cid()) {
            return pin;
        }
        return new Pin(cid, o, pin.type(), a, pin.reference(), pin.timestamp());
    }

    private PinOptions options(PinOptions o) {
        if (o == lastOptionsIn) { // pins read one after another mostly arrive with the same options object
            return lastOptionsOut;
        }
        PinOptions shared = share(o);
        lastOptionsIn = o;
        lastOptionsOut = shared;
        return shared;
    }

    private PinOptions share(PinOptions o) {
        boolean common = o.name().isEmpty() && o.metadata().isEmpty() && o.expireAt() == null
                && o.pinUpdate() == null;
        if (!common) {
            return o;
        }
        PinOptions known = options.get(o);
        if (known != null) {
            return known;
        }
        if (options.size() < MAX_OPTIONS) {
            options.put(o, o);
        }
        return o;
    }

    private List<PeerId> allocations(List<PeerId> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<PeerId> known = allocationLists.get(list);
        if (known != null) {
            return known;
        }
        PeerId[] shared = new PeerId[list.size()];
        boolean changed = false;
        for (int i = 0; i < shared.length; i++) {
            shared[i] = peer(list.get(i));
            changed |= shared[i] != list.get(i);
        }
        List<PeerId> result = changed ? List.of(shared) : list;
        if (allocationLists.size() < MAX_ALLOCATION_LISTS) {
            allocationLists.put(result, result);
        }
        return result;
    }

    private PeerId peer(PeerId p) {
        PeerId known = peers.get(p);
        if (known != null) {
            return known;
        }
        if (peers.size() < MAX_PEERS) {
            peers.put(p, p);
        }
        return p;
    }
}
