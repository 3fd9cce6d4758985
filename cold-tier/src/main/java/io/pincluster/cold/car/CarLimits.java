package io.pincluster.cold.car;

import io.pincluster.core.block.BlockStore;

/**
 * The lengths an archive's reader accepts and its writer produces, so every archive written can be read back and
 * a hostile or corrupt length prefix never makes a reader allocate more than this.
 *
 * @param maxHeaderLength  the header's length (a dag-cbor map of the roots): a root takes about 40 bytes
 * @param maxSectionLength a section's length: a CID plus a block
 */
public record CarLimits(int maxHeaderLength, int maxSectionLength) {
    /** Headers of up to ~1,500 roots (small pins may share one archive); sections of the largest bitswap block. */
    public static final CarLimits DEFAULT = new CarLimits(64 * 1024, BlockStore.DEFAULT_MAX_BLOCK_SIZE + 1024);

    public CarLimits {
        if (maxHeaderLength < 64 || maxSectionLength < 64) {
            throw new IllegalArgumentException("CAR limits under 64 bytes cannot hold a header or a section: "
                    + maxHeaderLength + ", " + maxSectionLength);
        }
    }
}
