package io.pincluster.service.tracker;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/**
 * A pin could not get its content because no peer asked had it (or none could be reached). The tracker does not
 * retry such a pin on a timer: it waits, {@code pin_queued}, until something says a holder may have appeared
 * ({@link LocalPinTracker#wake}) or the slow cluster-wide re-check comes round. Other failures (a full disk, a
 * stalled transfer) keep their retries with backoff.
 */
public class ContentUnavailableException extends ClusterException {
    public ContentUnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
