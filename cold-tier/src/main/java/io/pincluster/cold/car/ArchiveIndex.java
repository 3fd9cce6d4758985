package io.pincluster.cold.car;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where every block of an archive is: its sections in archive order, back to back from the end of the header to
 * the end of the archive, looked up by multihash (how block stores and bitswap name blocks; a CIDv0 and a CIDv1 of
 * one block find the same section) or by section offset (to check what a byte range holds). Immutable.
 */
public final class ArchiveIndex {
    private final List<BlockLocation> entries;
    private final Map<Multihash, BlockLocation> byMultihash;
    private final long[] sectionOffsets;

    /**
     * @param entries the sections in archive order; each must start where the previous one ended
     */
    public ArchiveIndex(List<BlockLocation> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an archive holds at least its root block");
        }
        this.entries = List.copyOf(entries);
        this.sectionOffsets = new long[entries.size()];
        Map<Multihash, BlockLocation> map = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            BlockLocation e = entries.get(i);
            if (i > 0 && e.sectionOffset() != entries.get(i - 1).end()) {
                throw new IllegalArgumentException("section " + i + " starts at " + e.sectionOffset()
                        + ", not where section " + (i - 1) + " ends (" + entries.get(i - 1).end() + ")");
            }
            sectionOffsets[i] = e.sectionOffset();
            // the same multihash twice (a CIDv0 and a CIDv1 of one block): either copy serves, keep the first
            map.putIfAbsent(e.cid().multihash(), e);
        }
        this.byMultihash = map;
    }

    /** The sections in archive order. */
    public List<BlockLocation> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The offset of the first section: the length of the header with its varint. */
    public long start() {
        return sectionOffsets[0];
    }

    /** The offset just past the last section: the archive's length. */
    public long end() {
        return entries.get(entries.size() - 1).end();
    }

    /** The section holding the block with {@code multihash}. */
    public Optional<BlockLocation> find(Multihash multihash) {
        return Optional.ofNullable(byMultihash.get(multihash));
    }

    /** The section holding the block {@code cid} names, whatever its CID version or codec. */
    public Optional<BlockLocation> find(Cid cid) {
        return find(cid.multihash());
    }

    /** The section starting at {@code sectionOffset}, if one does. */
    public Optional<BlockLocation> at(long sectionOffset) {
        int i = Arrays.binarySearch(sectionOffsets, sectionOffset);
        return i >= 0 ? Optional.of(entries.get(i)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchiveIndex other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "ArchiveIndex{" + entries.size() + " blocks, [" + start() + ", " + end() + ")}";
    }
}
