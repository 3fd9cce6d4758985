package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * Copies this peer keeps although their pin is no longer allocated here (make-before-break): the pin is still in
 * the pinset and allocated to other peers, and this copy is released only once the leader says the new holders are
 * confirmed. A CID is <em>awaiting</em> release until the leader clears it, then <em>released</em> until the tracker
 * has unpinned it (or the pin came back here). Lives in memory: after a restart the tracker's catch-up finds the
 * same copies again. Thread-safe.
 */
public final class SurplusCopies {
    private final NavigableSet<Cid> awaiting = new ConcurrentSkipListSet<>();
    private final Set<Cid> released = ConcurrentHashMap.newKeySet();

    void await(Cid cid) {
        if (!released.contains(cid)) {
            awaiting.add(cid);
        }
    }

    /** Marks those of {@code cids} that await release as released; returns them. */
    List<Cid> release(Collection<Cid> cids) {
        return cids.stream().filter(awaiting::remove).peek(released::add).toList();
    }

    boolean isReleased(Cid cid) {
        return released.contains(cid);
    }

    boolean isKept(Cid cid) {
        return awaiting.contains(cid) || released.contains(cid);
    }

    void forget(Cid cid) {
        awaiting.remove(cid);
        released.remove(cid);
    }

    public boolean isAwaiting(Cid cid) {
        return awaiting.contains(cid);
    }

    /** How many copies await release. */
    public int awaitingCount() {
        return awaiting.size();
    }

    /** Up to {@code max} CIDs awaiting release, in CID order, strictly after {@code after} (null: from the first). */
    public List<Cid> awaitingAfter(Cid after, int max) {
        NavigableSet<Cid> tail = after == null ? awaiting : awaiting.tailSet(after, false);
        return tail.stream().limit(max).toList();
    }

    /** Every copy kept here without an allocation (awaiting release or released but not yet unpinned). */
    public Stream<Cid> kept() {
        return Stream.concat(awaiting.stream(), released.stream()).distinct();
    }
}
