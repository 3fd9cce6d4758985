package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** Storing a block would take the repository over its configured storage maximum; nothing was written. */
public final class StorageFullException extends BlockStoreException {
    private final Cid cid;
    private final long repoSize;
    private final long storageMax;

    public StorageFullException(Cid cid, long blockSize, long repoSize, long storageMax) {
        super("storing " + cid + " (" + blockSize + " bytes) would exceed the storage maximum: repo holds "
                + repoSize + " of " + storageMax + " bytes");
        this.cid = cid;
        this.repoSize = repoSize;
        this.storageMax = storageMax;
    }

    public Cid cid() {
        return cid;
    }

    public long repoSize() {
        return repoSize;
    }

    public long storageMax() {
        return storageMax;
    }
}
