package io.pincluster.service.exchange;

import io.pincluster.core.cid.Cid;
import io.pincluster.service.tracker.ContentUnavailableException;

/**
 * No candidate peer provided a block: each either did not have it, could not be reached, or sent bad data. The
 * tracker lets such a pin wait for a holder instead of retrying it on a timer.
 */
public final class BlockUnavailableException extends ContentUnavailableException {
    private final Cid block;

    public BlockUnavailableException(Cid block, String asked) {
        super("block " + block + " is not held here and no peer provided it"
                + (asked.isEmpty() ? " (no peer to ask)" : " (" + asked + ")"));
        this.block = block;
    }

    public Cid block() {
        return block;
    }
}
