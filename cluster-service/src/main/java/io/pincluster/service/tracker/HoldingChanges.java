package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tracker changed in what this peer holds since the holdings reporter last took the changes: CIDs now held
 * pinned (a pin pass ended well) and CIDs no longer held (an unpin, or the reconcile found content lost). Only the
 * newest change of a CID is kept, so sending it again is harmless. Thread-safe.
 */
public final class HoldingChanges {
    private final Map<Cid, Boolean> pending = new LinkedHashMap<>();

    /** A batch of changes taken to be sent. */
    public record Batch(List<Cid> added, List<Cid> removed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    synchronized void held(Cid cid) {
        pending.put(cid, Boolean.TRUE);
    }

    synchronized void released(Cid cid) {
        pending.put(cid, Boolean.FALSE);
    }

    /** Takes up to {@code max} changes, oldest first. */
    public synchronized Batch take(int max) {
        List<Cid> added = new ArrayList<>();
        List<Cid> removed = new ArrayList<>();
        Iterator<Map.Entry<Cid, Boolean>> it = pending.entrySet().iterator();
        while (it.hasNext() && added.size() + removed.size() < max) {
            Map.Entry<Cid, Boolean> e = it.next();
            (e.getValue() ? added : removed).add(e.getKey());
            it.remove();
        }
        return new Batch(added, removed);
    }

    /** Puts back a batch that did not arrive; a newer change of the same CID wins. */
    public synchronized void putBack(Batch batch) {
        batch.added().forEach(cid -> pending.putIfAbsent(cid, Boolean.TRUE));
        batch.removed().forEach(cid -> pending.putIfAbsent(cid, Boolean.FALSE));
    }

    /** Drops every pending change: a full report read from the store after this covers them. */
    public synchronized void clear() {
        pending.clear();
    }

    public synchronized int size() {
        return pending.size();
    }
}
