package io.pincluster.core.pin;

import java.time.Instant;

/**
 * Where one external pinning service stands with one CID (decision 0020): an entry of
 * {@link GlobalPinInfo#external()}, keyed by the service's configured name.
 *
 * @param status    the service's own status ({@code queued}, {@code pinning}, {@code pinned}, {@code failed}),
 *                  {@code absent} when it holds no request of this cluster for the CID yet, or {@code error} when
 *                  it could not be asked
 * @param requestId the service's request ID, empty when none
 * @param timestamp when the service created the request, or when it was asked for an {@code error}
 * @param error     why the service could not be asked, or the service's own message; empty when none
 */
public record ExternalHolder(String status, String requestId, Instant timestamp, String error) {
    public static final String ABSENT = "absent";
    public static final String ERROR = "error";

    public ExternalHolder {
        if (status == null || status.isEmpty()) {
            throw new IllegalArgumentException("an external holder needs a status");
        }
        requestId = requestId == null ? "" : requestId;
        timestamp = timestamp == null ? Instant.EPOCH : timestamp;
        error = error == null ? "" : error;
    }
}
