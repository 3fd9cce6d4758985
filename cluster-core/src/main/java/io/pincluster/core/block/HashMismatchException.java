package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** A block offered to the store does not hash to the CID it was offered under; nothing was written. */
public final class HashMismatchException extends BlockStoreException {
    private final Cid cid;

    public HashMismatchException(Cid cid) {
        super("block data does not hash to " + cid);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
