package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** The store does not hold the requested block. */
public final class BlockNotFoundException extends BlockStoreException {
    private final Cid cid;

    public BlockNotFoundException(Cid cid) {
        super("block not found: " + cid);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
