package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** A block is bigger than the configured maximum block size; nothing was written. */
public final class BlockTooLargeException extends BlockStoreException {
    private final Cid cid;
    private final long size;
    private final long maxBlockSize;

    public BlockTooLargeException(Cid cid, long size, long maxBlockSize) {
        super("block " + cid + " is " + size + " bytes, over the maximum block size of " + maxBlockSize);
        this.cid = cid;
        this.size = size;
        this.maxBlockSize = maxBlockSize;
    }

    public Cid cid() {
        return cid;
    }

    public long size() {
        return size;
    }

    public long maxBlockSize() {
        return maxBlockSize;
    }
}
