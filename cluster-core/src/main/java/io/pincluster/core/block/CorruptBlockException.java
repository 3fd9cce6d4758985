package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/**
 * A stored block no longer hashes to its CID (disk corruption, outside tampering). The file has been moved to
 * quarantine, so the block now counts as missing.
 */
public final class CorruptBlockException extends BlockStoreException {
    private final Cid cid;

    public CorruptBlockException(Cid cid) {
        super("stored block " + cid + " does not match its hash; it was quarantined");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
