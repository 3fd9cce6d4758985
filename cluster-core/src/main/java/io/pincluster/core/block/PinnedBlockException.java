package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** A block cannot be deleted because it is the root of a local pin; unpin it first. */
public final class PinnedBlockException extends BlockStoreException {
    private final Cid cid;

    public PinnedBlockException(Cid cid) {
        super("block " + cid + " is a pinned root; unpin it before deleting it");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
