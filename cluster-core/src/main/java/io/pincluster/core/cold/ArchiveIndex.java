package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's CID → archive index (decision 0019). Written only by the consensus' apply thread (an archive entry,
 * an unpin, a snapshot load); read from any thread. One entry per pin: a later archive of the same pin replaces the
 * earlier entry (its object stays in the bucket, where garbage collection may find it).
 */
public final class ArchiveIndex {
    private final Map<Cid, ArchiveEntry> entries = new ConcurrentHashMap<>();

    public Optional<ArchiveEntry> get(Cid cid) {
        return Optional.ofNullable(entries.get(cid));
    }

    public boolean contains(Cid cid) {
        return entries.containsKey(cid);
    }

    /**
     * Indexes {@code entry}; a later archive of a pin that is indexed keeps the read time the index has for it (a
     * re-archive is not a read, and the time only grows, decision 0024).
     */
    public void put(ArchiveEntry entry) {
        entries.merge(entry.cid(), entry, (old, fresh) -> fresh.readAt(old.lastReadAt()));
    }

    /**
     * A reported read of {@code cid} at {@code at} (decision 0024): the entry keeps the later of its read time and
     * {@code at}. A pin that is not indexed is not tracked. Returns whether the entry's read time moved.
     */
    public boolean markRead(Cid cid, Instant at) {
        ArchiveEntry before = entries.get(cid);
        if (before == null) {
            return false;
        }
        ArchiveEntry after = entries.computeIfPresent(cid, (k, e) -> e.readAt(at));
        return after != null && after != before;
    }

    /** Whether any entry carries a read time: a snapshot then needs format 8 (decision 0024). */
    public static boolean anyRead(Collection<ArchiveEntry> entries) {
        for (ArchiveEntry e : entries) {
            if (e.lastReadAt() != null) {
                return true;
            }
        }
        return false;
    }

    /** Drops the entry of {@code cid}; true when there was one. */
    public boolean remove(Cid cid) {
        return entries.remove(cid) != null;
    }

    /** Every entry, in CID order: the order a snapshot writes them in, so equal replicas write equal bytes. */
    public List<ArchiveEntry> all() {
        List<ArchiveEntry> copy = new ArrayList<>(entries.values());
        copy.sort(Comparator.comparing(ArchiveEntry::cid));
        return copy;
    }

    public int size() {
        return entries.size();
    }

    /** After a snapshot was loaded: the index becomes exactly {@code loaded}. */
    public void replaceAll(Collection<ArchiveEntry> loaded) {
        entries.clear();
        loaded.forEach(this::put);
    }
}
