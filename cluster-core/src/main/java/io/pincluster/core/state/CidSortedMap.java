package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;

/**
 * A sorted map from CID to value (or a sorted set of CIDs, {@link #keysOnly()}) for the pinset's table and its per-peer
 * indexes (and, for the same reasons, the leader's holder sets and the embedded store's pin records): writers take
 * turns, readers take no lock. Keys live in leaves of at most {@value #LEAF_CAPACITY} entries, each leaf three parallel
 * arrays (the CIDs' {@link Cid#orderingHead() heads}, the CIDs, the values), found through a sorted directory of the
 * leaves' lower bounds. A lookup is two binary searches over primitive arrays and touches a CID object only when two
 * heads are equal.
 *
 * <p>Why not {@code ConcurrentSkipListMap}: a lookup there follows ~20 node, index and key pointers, each a likely
 * cache (and, in a virtual machine, TLB) miss once the pinset outgrows the caches. Under the batch route JFR put about
 * half of each of three peers' samples in those hops (the table's insert, the per-peer index's insert, the
 * tracker's two gets); and each entry costs ~40 bytes of nodes against ~16-23 here (10 million pins, two
 * allocations each: ~0.6 GB less).
 *
 * <p>Concurrency: every change holds the write lock of a {@link StampedLock}; a read first runs under an optimistic
 * stamp and is repeated under the read lock if a write ran meanwhile (the optimistic attempt may see arrays being
 * shifted or replaced, so anything it throws means "raced", never an answer). Iterators copy up to
 * {@value #BATCH} entries at a time that way and resume after the last key they returned: weakly consistent, like
 * the skip list's (each entry seen as it was before or after a concurrent change, never half of it).
 */
public final class CidSortedMap<V> {
    /** Keys per leaf at most: an insert shifts half a leaf on average, a search reads ~7 of its heads. */
    static final int LEAF_CAPACITY = 128;
    private static final int FIRST_LEAF_CAPACITY = 4;
    /** Below this a leaf is merged into a neighbour that has room, so a pinset that shrank does not keep its leaves. */
    private static final int MERGE_BELOW = LEAF_CAPACITY / 4;
    private static final int BATCH = 64;
    /** A full leaf passes entries to a neighbour with at least this much room rather than splitting. */
    private static final int MIN_LENT = 8;

    private static final class Leaf {
        long[] heads;
        Cid[] keys;
        Object[] values;
        int size;

        Leaf(int capacity, boolean withValues) {
            heads = new long[capacity];
            keys = new Cid[capacity];
            values = withValues ? new Object[capacity] : null;
        }

        int capacity() {
            return keys.length;
        }

        void ensureCapacity(int wanted) {
            if (wanted > keys.length) {
                int cap = Math.min(LEAF_CAPACITY, Math.max(wanted, keys.length * 2));
                heads = Arrays.copyOf(heads, cap);
                keys = Arrays.copyOf(keys, cap);
                if (values != null) {
                    values = Arrays.copyOf(values, cap);
                }
            }
        }
    }

    private final boolean withValues;
    private final StampedLock lock = new StampedLock();
    private Leaf[] leaves = new Leaf[1];
    /** For i ≥ 1: every key of leaf i is at or above separator i, every key of leaf i - 1 below it (0 is unused). */
    private long[] separatorHeads = new long[1];
    private Cid[] separators = new Cid[1];
    private int leafCount;
    private volatile int size;

    private CidSortedMap(boolean withValues) {
        this.withValues = withValues;
    }

    public static <V> CidSortedMap<V> withValues() {
        return new CidSortedMap<>(true);
    }

    /** A set: no value arrays; use the key methods ({@link #addKey}, {@link #removeKey}, {@link #containsKey}). */
    public static CidSortedMap<Void> keysOnly() {
        return new CidSortedMap<>(false);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** How many leaves hold the entries (tests and footprint checks: the leaves' fill). */
    int leafCount() {
        long stamp = lock.readLock();
        try {
            return leafCount;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public V get(Cid key) {
        Object found = read(key, false);
        return withValues ? cast(found) : null;
    }

    /** The key object stored for an equal key, or null (lets a caller share one instance per CID). */
    public Cid storedKey(Cid key) {
        return (Cid) read(key, true);
    }

    public boolean containsKey(Cid key) {
        return read(key, false) != null;
    }

    /** Inserts or replaces (keeping the key object already there); returns the previous value or null. */
    public V put(Cid key, V value) {
        if (!withValues) {
            throw new UnsupportedOperationException("a key-only map has no values");
        }
        Objects.requireNonNull(value, "value");
        long stamp = lock.writeLock();
        try {
            return cast(insert(key, value));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Adds a key to a key-only map; true if it was not there. */
    public boolean addKey(Cid key) {
        if (withValues) {
            throw new UnsupportedOperationException("a map with values takes put(key, value)");
        }
        long stamp = lock.writeLock();
        try {
            return insert(key, null) == null;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes a key; returns its value (a key-only map: a non-null marker) or null if it was not there. */
    public V remove(Cid key) {
        Object old = removeEntry(key);
        return withValues ? cast(old) : null;
    }

    public boolean removeKey(Cid key) {
        return removeEntry(key) != null;
    }

    /** Keys in order strictly after {@code after} ({@code null}: from the first). */
    public Iterator<Cid> keysAfter(Cid after) {
        return new Cursor<>(after, false);
    }

    /** Values in key order, of keys strictly after {@code after} ({@code null}: from the first). */
    public Iterator<V> valuesAfter(Cid after) {
        if (!withValues) {
            throw new UnsupportedOperationException("a key-only map has no values");
        }
        return new Cursor<>(after, true);
    }

    public List<V> values() {
        List<V> out = new ArrayList<>(size);
        valuesAfter(null).forEachRemaining(out::add);
        return out;
    }

    /** Every entry in key order, a batch at a time (weakly consistent, as the iterators). */
    public void forEach(BiConsumer<? super Cid, ? super V> action) {
        Cid[] keys = new Cid[BATCH];
        Object[] values = withValues ? new Object[BATCH] : null;
        Cid last = null;
        int n;
        do {
            n = copyAfterConsistently(last, keys, values);
            for (int i = 0; i < n; i++) {
                action.accept(keys[i], values == null ? null : cast(values[i]));
            }
            if (n > 0) {
                last = keys[n - 1];
            }
        } while (n == BATCH);
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object o) {
        return (V) o;
    }

    /** The value (a marker in a key-only map), or with {@code storedKey} the key object stored; null if absent. */
    private Object read(Cid key, boolean storedKey) {
        long head = key.orderingHead();
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0L) {
            try {
                Object found = find(head, key, storedKey);
                if (lock.validate(stamp)) {
                    return found;
                }
            } catch (RuntimeException raced) {
                // a write moved the arrays under this read; it is answered under the read lock below
            }
        }
        stamp = lock.readLock();
        try {
            return find(head, key, storedKey);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private Object find(long head, Cid key, boolean storedKey) {
        if (leafCount == 0) {
            return null;
        }
        Leaf leaf = leaves[leafFor(head, key)];
        int i = indexIn(leaf, head, key);
        if (i < 0) {
            return null;
        }
        if (storedKey) {
            return leaf.keys[i];
        }
        return withValues ? leaf.values[i] : Boolean.TRUE;
    }

    private static int compare(long head, Cid key, long otherHead, Cid other) {
        int byHead = Long.compareUnsigned(head, otherHead);
        return byHead != 0 ? byHead : key.compareTo(other);
    }

    /** The leaf that holds or would hold the key: the last whose separator is at or below it. */
    private int leafFor(long head, Cid key) {
        int lo = 1;
        int hi = leafCount - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(head, key, separatorHeads[mid], separators[mid]) >= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The key's position in the leaf, or {@code -(insertion point) - 1}. */
    private static int indexIn(Leaf leaf, long head, Cid key) {
        long[] heads = leaf.heads;
        Cid[] keys = leaf.keys;
        int lo = 0;
        int hi = leaf.size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(head, key, heads[mid], keys[mid]);
            if (c > 0) {
                lo = mid + 1;
            } else if (c < 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    // ---- changes, all under the write lock ----

    private Object insert(Cid key, Object value) {
        long head = key.orderingHead();
        if (leafCount == 0) {
            leaves[0] = new Leaf(FIRST_LEAF_CAPACITY, withValues);
            leafCount = 1;
        }
        int li = leafCount - 1;
        Leaf leaf = leaves[li];
        int i;
        if (leaf.size > 0 && compare(head, key, leaf.heads[leaf.size - 1], leaf.keys[leaf.size - 1]) > 0) {
            // above every key: keys arriving in order (a snapshot load) cost one comparison each, not two searches
            // (CIDs sharing their first 8 bytes, as identity CIDs of similar content do, compare whole arrays)
            i = -(leaf.size + 1);
        } else {
            li = leafFor(head, key);
            leaf = leaves[li];
            i = indexIn(leaf, head, key);
        }
        if (i >= 0) {
            if (!withValues) {
                return Boolean.TRUE;
            }
            Object old = leaf.values[i];
            leaf.values[i] = value;
            return old;
        }
        int at = -i - 1;
        if (leaf.size == LEAF_CAPACITY) {
            if (at == leaf.size && li == leafCount - 1) {
                // keys arriving in order (a snapshot being loaded): a new last leaf, so the full one stays full
                leaf = new Leaf(FIRST_LEAF_CAPACITY, withValues);
                insertLeaf(li + 1, leaf, head, key);
                at = 0;
            } else if (li + 1 < leafCount && leaves[li + 1].size <= LEAF_CAPACITY - MIN_LENT) {
                // a neighbour with room takes some entries instead of a split: fuller leaves, less memory
                Leaf right = leaves[li + 1];
                int keep = leaf.size - (LEAF_CAPACITY - right.size) / 2;
                moveUpperEntries(leaf, keep, right);
                separatorHeads[li + 1] = right.heads[0];
                separators[li + 1] = right.keys[0];
                if (at > keep) {
                    at -= keep;
                    leaf = right;
                }
            } else if (li > 0 && leaves[li - 1].size <= LEAF_CAPACITY - MIN_LENT) {
                Leaf left = leaves[li - 1];
                int before = left.size;
                int move = (LEAF_CAPACITY - left.size) / 2;
                moveLowerEntries(leaf, move, left);
                separatorHeads[li] = leaf.heads[0];
                separators[li] = leaf.keys[0];
                if (at <= move) { // below the leaf's new first key: the left neighbour's end
                    at += before;
                    leaf = left;
                } else {
                    at -= move;
                }
            } else {
                Leaf right = splitUpperHalf(leaf);
                insertLeaf(li + 1, right, right.heads[0], right.keys[0]);
                if (at > leaf.size) {
                    at -= leaf.size;
                    leaf = right;
                }
            }
        }
        leaf.ensureCapacity(leaf.size + 1);
        int tail = leaf.size - at;
        System.arraycopy(leaf.heads, at, leaf.heads, at + 1, tail);
        System.arraycopy(leaf.keys, at, leaf.keys, at + 1, tail);
        if (withValues) {
            System.arraycopy(leaf.values, at, leaf.values, at + 1, tail);
            leaf.values[at] = value;
        }
        leaf.heads[at] = head;
        leaf.keys[at] = key;
        leaf.size++;
        size = size + 1;
        return null;
    }

    /** Moves the entries of {@code leaf} from {@code keep} on to the front of its right neighbour. */
    private void moveUpperEntries(Leaf leaf, int keep, Leaf right) {
        int move = leaf.size - keep;
        right.ensureCapacity(right.size + move + 1);
        System.arraycopy(right.heads, 0, right.heads, move, right.size);
        System.arraycopy(right.keys, 0, right.keys, move, right.size);
        System.arraycopy(leaf.heads, keep, right.heads, 0, move);
        System.arraycopy(leaf.keys, keep, right.keys, 0, move);
        Arrays.fill(leaf.keys, keep, leaf.size, null);
        if (withValues) {
            System.arraycopy(right.values, 0, right.values, move, right.size);
            System.arraycopy(leaf.values, keep, right.values, 0, move);
            Arrays.fill(leaf.values, keep, leaf.size, null);
        }
        right.size += move;
        leaf.size = keep;
    }

    /** Moves the first {@code move} entries of {@code leaf} to the end of its left neighbour. */
    private void moveLowerEntries(Leaf leaf, int move, Leaf left) {
        left.ensureCapacity(left.size + move + 1);
        System.arraycopy(leaf.heads, 0, left.heads, left.size, move);
        System.arraycopy(leaf.keys, 0, left.keys, left.size, move);
        int rest = leaf.size - move;
        System.arraycopy(leaf.heads, move, leaf.heads, 0, rest);
        System.arraycopy(leaf.keys, move, leaf.keys, 0, rest);
        Arrays.fill(leaf.keys, rest, leaf.size, null);
        if (withValues) {
            System.arraycopy(leaf.values, 0, left.values, left.size, move);
            System.arraycopy(leaf.values, move, leaf.values, 0, rest);
            Arrays.fill(leaf.values, rest, leaf.size, null);
        }
        left.size += move;
        leaf.size = rest;
    }

    private Leaf splitUpperHalf(Leaf leaf) {
        int keep = leaf.size / 2;
        int move = leaf.size - keep;
        Leaf right = new Leaf(LEAF_CAPACITY, withValues);
        System.arraycopy(leaf.heads, keep, right.heads, 0, move);
        System.arraycopy(leaf.keys, keep, right.keys, 0, move);
        Arrays.fill(leaf.keys, keep, leaf.size, null);
        if (withValues) {
            System.arraycopy(leaf.values, keep, right.values, 0, move);
            Arrays.fill(leaf.values, keep, leaf.size, null);
        }
        right.size = move;
        leaf.size = keep;
        return right;
    }

    private void insertLeaf(int at, Leaf leaf, long separatorHead, Cid separator) {
        if (leafCount == leaves.length) {
            int cap = leafCount + (leafCount >> 1) + 1;
            leaves = Arrays.copyOf(leaves, cap);
            separatorHeads = Arrays.copyOf(separatorHeads, cap);
            separators = Arrays.copyOf(separators, cap);
        }
        int tail = leafCount - at;
        System.arraycopy(leaves, at, leaves, at + 1, tail);
        System.arraycopy(separatorHeads, at, separatorHeads, at + 1, tail);
        System.arraycopy(separators, at, separators, at + 1, tail);
        leaves[at] = leaf;
        separatorHeads[at] = separatorHead;
        separators[at] = separator;
        leafCount++;
    }

    private void removeLeaf(int at) {
        int tail = leafCount - at - 1;
        System.arraycopy(leaves, at + 1, leaves, at, tail);
        System.arraycopy(separatorHeads, at + 1, separatorHeads, at, tail);
        System.arraycopy(separators, at + 1, separators, at, tail);
        leafCount--;
        leaves[leafCount] = null;
        separators[leafCount] = null;
    }

    private Object removeEntry(Cid key) {
        long stamp = lock.writeLock();
        try {
            if (leafCount == 0) {
                return null;
            }
            long head = key.orderingHead();
            int li = leafFor(head, key);
            Leaf leaf = leaves[li];
            int i = indexIn(leaf, head, key);
            if (i < 0) {
                return null;
            }
            Object old = withValues ? leaf.values[i] : Boolean.TRUE;
            int tail = leaf.size - i - 1;
            System.arraycopy(leaf.heads, i + 1, leaf.heads, i, tail);
            System.arraycopy(leaf.keys, i + 1, leaf.keys, i, tail);
            if (withValues) {
                System.arraycopy(leaf.values, i + 1, leaf.values, i, tail);
                leaf.values[leaf.size - 1] = null;
            }
            leaf.keys[leaf.size - 1] = null;
            leaf.size--;
            size = size - 1;
            if (leaf.size == 0) {
                removeLeaf(li);
            } else if (leaf.size < MERGE_BELOW) {
                mergeWithNeighbour(li);
            }
            return old;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Moves a small leaf's entries into the neighbour before or after it, if that one has room for them. */
    private void mergeWithNeighbour(int li) {
        int room = LEAF_CAPACITY * 3 / 4;
        if (li + 1 < leafCount && leaves[li].size + leaves[li + 1].size <= room) {
            append(leaves[li], leaves[li + 1]);
            removeLeaf(li + 1);
        } else if (li > 0 && leaves[li - 1].size + leaves[li].size <= room) {
            append(leaves[li - 1], leaves[li]);
            removeLeaf(li);
        }
    }

    private void append(Leaf into, Leaf from) {
        into.ensureCapacity(into.size + from.size);
        System.arraycopy(from.heads, 0, into.heads, into.size, from.size);
        System.arraycopy(from.keys, 0, into.keys, into.size, from.size);
        if (withValues) {
            System.arraycopy(from.values, 0, into.values, into.size, from.size);
        }
        into.size += from.size;
    }

    // ---- iteration ----

    /** Copies up to {@code keysOut.length} entries after {@code after} (null: from the first); returns how many. */
    private int copyAfter(Cid after, Cid[] keysOut, Object[] valuesOut) {
        if (leafCount == 0) {
            return 0;
        }
        int li = 0;
        int i = 0;
        if (after != null) {
            long head = after.orderingHead();
            li = leafFor(head, after);
            int at = indexIn(leaves[li], head, after);
            i = at >= 0 ? at + 1 : -at - 1;
        }
        int n = 0;
        while (n < keysOut.length && li < leafCount) {
            Leaf leaf = leaves[li];
            int take = Math.min(leaf.size - i, keysOut.length - n);
            if (take > 0) {
                System.arraycopy(leaf.keys, i, keysOut, n, take);
                if (valuesOut != null) {
                    System.arraycopy(leaf.values, i, valuesOut, n, take);
                }
                n += take;
            }
            li++;
            i = 0;
        }
        return n;
    }

    private int copyAfterConsistently(Cid after, Cid[] keysOut, Object[] valuesOut) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0L) {
            try {
                int n = copyAfter(after, keysOut, valuesOut);
                if (lock.validate(stamp)) {
                    return n;
                }
            } catch (RuntimeException raced) {
                // copied again under the read lock below
            }
        }
        stamp = lock.readLock();
        try {
            return copyAfter(after, keysOut, valuesOut);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private final class Cursor<T> implements Iterator<T> {
        private final Cid[] keys = new Cid[BATCH];
        private final Object[] values;
        private Cid last;
        private int position;
        private int count;
        private boolean exhausted;

        Cursor(Cid after, boolean withValues) {
            this.last = after;
            this.values = withValues ? new Object[BATCH] : null;
        }

        @Override
        public boolean hasNext() {
            if (position < count) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            count = copyAfterConsistently(last, keys, values);
            position = 0;
            exhausted = count < BATCH;
            if (count > 0) {
                last = keys[count - 1];
            }
            return count > 0;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int at = position++;
            return cast(values == null ? keys[at] : values[at]);
        }
    }
}
