package io.pincluster.core.error;

/** Why an operation failed; travels with the error across RPC and maps to one HTTP status. */
public enum ErrorCode {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    INSUFFICIENT_STORAGE(507),
    NO_QUORUM(503),
    UNAVAILABLE(503),
    TIMEOUT(504),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
