package io.pincluster.service.exchange;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** No candidate peer provided a block: each either did not have it, could not be reached, or sent bad data. */
public final class BlockUnavailableException extends ClusterException {
    private final Cid block;

    public BlockUnavailableException(Cid block, String asked) {
        super(ErrorCode.UNAVAILABLE, "block " + block + " is not held here and no peer provided it"
                + (asked.isEmpty() ? " (no peer to ask)" : " (" + asked + ")"));
        this.block = block;
    }

    public Cid block() {
        return block;
    }
}
