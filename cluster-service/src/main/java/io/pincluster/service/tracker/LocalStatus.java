package io.pincluster.service.tracker;

import io.pincluster.core.pin.TrackerStatus;
import java.time.Instant;

/** This peer's status for one CID, with the error of the last failed attempt and how many attempts failed. */
public record LocalStatus(TrackerStatus status, String error, Instant timestamp, int attemptCount) {
    public LocalStatus {
        error = error == null ? "" : error;
    }

    static LocalStatus of(TrackerStatus status, Instant at) {
        return new LocalStatus(status, "", at, 0);
    }
}
