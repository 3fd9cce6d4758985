package io.pincluster.ipld.car;

import io.pincluster.core.cid.Cid;

/** One block of a CAR: its CID and its bytes, already checked to match. */
public final class CarSection {
    private final Cid cid;
    private final byte[] data;

    CarSection(Cid cid, byte[] data) {
        this.cid = cid;
        this.data = data;
    }

    public Cid cid() {
        return cid;
    }

    /** The block's bytes; the caller owns the array. */
    public byte[] data() {
        return data;
    }
}
