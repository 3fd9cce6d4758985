package io.pincluster.service.exchange;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks the gateway fetched from other peers, kept on disk for the next reads, at most {@code maxBytes} of them.
 *
 * <p>They live in a block store of their own (hash-checked, written atomically, as the peer's store writes), never
 * in the peer's store: that store's pins and garbage collection never see them, and dropping one can never take a
 * block a pin holds, even when the same block later becomes part of a pinned DAG (the pin then copies it into the
 * peer's store, see {@link BlockFetcher}). Which blocks stay is Caffeine's eviction policy over the blocks' sizes
 * (recency and frequency, W-TinyLFU). A block's file is deleted by the listener that runs with its eviction, on the
 * thread that caused it, so the files on disk are always among the entries and their bytes stay within the bound.
 * Thread-safe.
 */
public final class GatewayBlockCache implements AutoCloseable {
    /** The cache's folder inside the peer's store folder. */
    public static final String FOLDER = "gateway-cache";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayBlockCache.class);

    private final EmbeddedBlockStore blocks; // null: nothing is ever kept
    private final long maxBytes;
    private final Cache<Multihash, Integer> entries;

    private GatewayBlockCache(EmbeddedBlockStore blocks, long maxBytes) {
        this.blocks = blocks;
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Multihash mh, Integer size) -> size)
                .evictionListener((Multihash mh, Integer size, RemovalCause cause) -> deleteFile(mh))
                .executor(Runnable::run) // evict within the put that overflowed, not later on a pool thread
                .recordStats()
                .build();
    }

    /**
     * Opens the cache kept in {@code dir}, keeping the blocks an earlier run left there (as many as the bound
     * allows; with {@code maxBytes} 0 they are all deleted).
     *
     * @param maxBytes     the most bytes of blocks kept; 0 keeps none
     * @param maxBlockSize the largest block the peer's store accepts
     */
    public static GatewayBlockCache open(Path dir, long maxBytes, int maxBlockSize, LinkReader links)
            throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache size must be 0 or more bytes, not " + maxBytes);
        }
        // The bound is kept by the eviction, not by the store: a put may overshoot it by a block until it evicts.
        EmbeddedBlockStore store = EmbeddedBlockStore.open(new BlockStoreConfig(dir, Long.MAX_VALUE, maxBlockSize),
                links);
        GatewayBlockCache cache = new GatewayBlockCache(store, maxBytes);
        try {
            cache.adoptStoredBlocks();
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
        return cache;
    }

    /** A cache that keeps nothing and has no folder. */
    public static GatewayBlockCache none() {
        return new GatewayBlockCache(null, 0);
    }

    private void adoptStoredBlocks() {
        List<Multihash> stored = new ArrayList<>();
        blocks.keys().forEachRemaining(stored::add);
        for (Multihash mh : stored) {
            OptionalLong size = blocks.size(key(mh));
            if (size.isPresent()) {
                entries.put(mh, (int) size.getAsLong());
            }
        }
        entries.cleanUp();
        if (!stored.isEmpty()) {
            LOG.info("gateway cache: {} blocks ({} bytes) kept from the last run", blocks(), bytes());
        }
    }

    /** The block when it is kept here, else null; counts as a hit or a miss and as a use of the block. */
    public byte[] get(Cid cid) {
        if (entries.getIfPresent(cid.multihash()) == null) {
            return null;
        }
        return read(cid);
    }

    /** As {@link #get} without counting or using the block: for pins, which are not gateway reads. */
    public byte[] peek(Cid cid) {
        if (entries.policy().getIfPresentQuietly(cid.multihash()) == null) {
            return null;
        }
        return read(cid);
    }

    /** Whether the block is kept here. */
    public boolean holds(Cid cid) {
        return entries.policy().getIfPresentQuietly(cid.multihash()) != null;
    }

    private byte[] read(Cid cid) {
        try {
            return blocks.get(cid);
        } catch (BlockNotFoundException | CorruptBlockException gone) {
            entries.invalidate(cid.multihash()); // evicted meanwhile, or its file went bad: a miss after all
            return null;
        } catch (IOException e) {
            LOG.warn("gateway cache: reading {} failed: {}", cid, e.toString());
            return null;
        }
    }

    /**
     * Keeps a block fetched from a peer (its hash is checked again on the way in). Never fails: a block that
     * cannot be kept is simply not cached.
     */
    public void put(Cid cid, byte[] block) {
        Multihash mh = cid.multihash();
        if (blocks == null || maxBytes == 0 || block.length > maxBytes || mh.code() == Multihash.IDENTITY) {
            return;
        }
        try {
            blocks.put(cid, block);
        } catch (IOException e) {
            LOG.warn("gateway cache: keeping {} failed: {}", cid, e.toString());
            return;
        }
        entries.put(mh, block.length);
    }

    private void deleteFile(Multihash mh) {
        try {
            blocks.delete(key(mh));
        } catch (IOException e) {
            LOG.warn("gateway cache: deleting evicted block {} failed: {}", key(mh), e.toString());
        }
    }

    // The store files blocks by multihash; the codec in the CID does not matter to it.
    private static Cid key(Multihash mh) {
        return Cid.v1(Codec.RAW, mh);
    }

    /** The bound, in bytes of blocks. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes of the blocks kept now. */
    public long bytes() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Blocks kept now. */
    public long blocks() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Hits, misses and evictions since the cache was opened. */
    public CacheStats stats() {
        return entries.stats();
    }

    @Override
    public void close() {
        if (blocks != null) {
            try {
                blocks.close();
            } catch (IOException e) {
                LOG.warn("gateway cache: closing {} failed: {}", blocks.config().root(), e.toString());
            }
        }
    }
}
