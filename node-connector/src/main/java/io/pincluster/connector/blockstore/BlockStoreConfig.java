package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of an {@link EmbeddedBlockStore}.
 *
 * @param root         the folder the store owns (blocks, pins, quarantine)
 * @param storageMax   the most bytes of blocks the store may hold
 * @param maxBlockSize the largest block accepted; Kubo's bitswap refuses blocks over 2 MiB, so larger blocks
 *                     could never be exchanged
 */
public record BlockStoreConfig(Path root, long storageMax, int maxBlockSize) {
    public static final int DEFAULT_MAX_BLOCK_SIZE = BlockStore.DEFAULT_MAX_BLOCK_SIZE;
    /** Kubo's default {@code Datastore.StorageMax}. */
    public static final long DEFAULT_STORAGE_MAX = 10L * 1000 * 1000 * 1000;

    public BlockStoreConfig {
        Objects.requireNonNull(root, "root");
        if (storageMax <= 0) {
            throw new IllegalArgumentException("storageMax must be positive, not " + storageMax);
        }
        if (maxBlockSize <= 0) {
            throw new IllegalArgumentException("maxBlockSize must be positive, not " + maxBlockSize);
        }
    }

    public static BlockStoreConfig defaults(Path root) {
        return new BlockStoreConfig(root, DEFAULT_STORAGE_MAX, DEFAULT_MAX_BLOCK_SIZE);
    }

    public BlockStoreConfig withStorageMax(long max) {
        return new BlockStoreConfig(root, max, maxBlockSize);
    }

    public BlockStoreConfig withMaxBlockSize(int max) {
        return new BlockStoreConfig(root, storageMax, max);
    }
}
