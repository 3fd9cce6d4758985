package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
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

    public void put(ArchiveEntry entry) {
        entries.put(entry.cid(), entry);
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
