package io.pincluster.service.exchange;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.pincluster.core.cid.Multihash;

/**
 * Blocks the gateway read lately, in memory, already checked against their hash: a hot file is read from disk and
 * hashed once, not on every request (every read of the store hashes the block again, which held the gateway to about
 * 3,000 requests a second for a 64 KiB file). Keyed by multihash, so the same bytes under a CIDv0 and a CIDv1 are one
 * entry. At most {@code maxBytes} of block data; which blocks stay is Caffeine's W-TinyLFU over their sizes. A block
 * is immutable under its hash, so an entry is never stale; one the store has since collected may still be served,
 * which is what any HTTP cache in front of the gateway would do too. The arrays handed out are shared: readers must
 * not change them. Thread-safe.
 */
public final class HotBlocks {
    /** Bytes an entry costs beyond its data: the key, the array header, Caffeine's node. */
    static final int ENTRY_OVERHEAD = 128;

    private final Cache<Multihash, byte[]> blocks; // null: keeps nothing
    private final long maxBytes;

    /** @param maxBytes the most bytes kept ({@code gateway.hot_cache_size}); 0 keeps nothing */
    public HotBlocks(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the in-memory block cache size must be 0 or more, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.blocks = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Multihash mh, byte[] data) -> data.length + ENTRY_OVERHEAD)
                .executor(Runnable::run) // evict within the put that overflowed: the bound holds at all times
                .recordStats()
                .build();
    }

    /** The verified block, or null when it is not kept. */
    public byte[] get(Multihash hash) {
        return blocks == null ? null : blocks.getIfPresent(hash);
    }

    /**
     * As {@link #get}, but a block not kept is not counted as a miss: for the gateway's attempt to answer from
     * memory on the event loop, which is followed, on a miss, by the read that counts it.
     */
    public byte[] peek(Multihash hash) {
        if (blocks == null || blocks.policy().getIfPresentQuietly(hash) == null) {
            return null;
        }
        return blocks.getIfPresent(hash); // counts the hit and the use; null if evicted meanwhile (then a miss)
    }

    /** Keeps {@code data}, which the caller has checked against {@code hash}. */
    public void put(Multihash hash, byte[] data) {
        if (blocks != null && data.length + ENTRY_OVERHEAD <= maxBytes) {
            blocks.put(hash, data);
        }
    }

    /** Bytes kept, overheads included. */
    public long bytes() {
        return blocks == null ? 0 : blocks.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }

    public CacheStats stats() {
        return blocks == null ? CacheStats.empty() : blocks.stats();
    }
}
