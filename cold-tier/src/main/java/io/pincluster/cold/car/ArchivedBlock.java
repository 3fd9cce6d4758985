package io.pincluster.cold.car;

import io.pincluster.core.cid.Cid;

/** A block read from an archive, already checked against its CID, and where it was. */
public final class ArchivedBlock {
    private final BlockLocation location;
    private final byte[] data;

    ArchivedBlock(BlockLocation location, byte[] data) {
        this.location = location;
        this.data = data;
    }

    public Cid cid() {
        return location.cid();
    }

    public BlockLocation location() {
        return location;
    }

    /** The block's bytes; the caller owns the array. */
    public byte[] data() {
        return data;
    }
}
