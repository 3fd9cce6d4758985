package io.pincluster.core.block;

/**
 * A point-in-time view of a store's size.
 *
 * @param repoSize   the sum of the sizes of all stored blocks, in bytes
 * @param storageMax the configured maximum for {@code repoSize}
 * @param blockCount how many blocks are stored
 */
public record StoreStats(long repoSize, long storageMax, long blockCount) {
}
