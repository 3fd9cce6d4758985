package io.pincluster.service.tracker;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** A running pin was stopped: it made no progress for too long, or the pin is no longer wanted here. */
public final class PinCancelledException extends ClusterException {
    public PinCancelledException(String reason) {
        super(ErrorCode.UNAVAILABLE, reason);
    }
}
