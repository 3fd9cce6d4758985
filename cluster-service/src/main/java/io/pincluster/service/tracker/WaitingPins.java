package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.state.CidSortedMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pins allocated here whose content no peer asked had: they wait for a holder with no timer, future or
 * status object of their own. They are kept in a sorted CID set ({@link CidSortedMap#keysOnly()}: ~14 bytes a pin,
 * where a concurrent hash set's node took ~40 — at ten million waiting pins, 0.26 GB less); the CID is the pinset's
 * own instance. Changed only by {@link TrackedWork} inside its per-CID {@code compute}, so a CID is never both
 * waiting and tracked. Thread-safe.
 */
final class WaitingPins {
    private final CidSortedMap<Void> cids = CidSortedMap.keysOnly();

    void add(Cid cid) {
        cids.addKey(cid);
    }

    /** Removes {@code cid}; true when it was waiting. */
    boolean remove(Cid cid) {
        return cids.removeKey(cid);
    }

    boolean contains(Cid cid) {
        return cids.containsKey(cid);
    }

    int size() {
        return cids.size();
    }

    /**
     * Calls {@code action} with every waiting CID, in CID order, outside any lock. Weakly consistent: CIDs added or
     * removed meanwhile may or may not be seen, and {@code action} may remove the CID it is given.
     */
    void forEach(Consumer<Cid> action) {
        cids.forEach((cid, none) -> action.accept(cid));
    }

    /** Up to {@code max} waiting CIDs in CID order after {@code after} (null: from the first). */
    List<Cid> after(Cid after, int max) {
        List<Cid> out = new ArrayList<>(Math.min(max, 1024));
        Iterator<Cid> it = cids.keysAfter(after);
        while (out.size() < max && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** The waiting CIDs in CID order, weakly consistent as {@link #forEach}. */
    Stream<Cid> stream() {
        return StreamSupport.stream(Spliterators.spliterator(cids.keysAfter(null), cids.size(),
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    /** The set itself, for memory measurements in tests. */
    Object footprintRoot() {
        return cids;
    }
}
