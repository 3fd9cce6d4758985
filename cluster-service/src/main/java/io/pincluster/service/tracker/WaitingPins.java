package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The pins allocated here whose content no peer asked had: they wait for a holder with no timer, future or
 * status object of their own. Each costs one hash-set node (about 40 bytes with compressed references); the CID
 * is the pinset's own instance. Changed only by {@link TrackedWork} inside its per-CID {@code compute}, so a CID is
 * never both waiting and tracked. Thread-safe.
 */
final class WaitingPins {
    private final Set<Cid> cids = ConcurrentHashMap.newKeySet();

    void add(Cid cid) {
        cids.add(cid);
    }

    /** Removes {@code cid}; true when it was waiting. */
    boolean remove(Cid cid) {
        return cids.remove(cid);
    }

    boolean contains(Cid cid) {
        return cids.contains(cid);
    }

    int size() {
        return cids.size();
    }

    /**
     * Calls {@code action} with every waiting CID. Weakly consistent: CIDs added or removed meanwhile may or may not
     * be seen, and {@code action} may remove the CID it is given.
     */
    void forEach(Consumer<Cid> action) {
        cids.forEach(action);
    }

    /** The set itself, for memory measurements in tests. */
    Set<Cid> view() {
        return cids;
    }
}
