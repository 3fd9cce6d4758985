package io.pincluster.cold.s3;

import java.io.IOException;

/**
 * An object-store operation failed. The message names the operation, the key and, when the store answered, its
 * S3 error code and HTTP status; {@link #errorCode()} and {@link #httpStatus()} carry them for callers that act on
 * them (a {@code NoSuchKey} on restore is not a network outage).
 */
public class ObjectStoreException extends IOException {
    private final String key;
    private final String errorCode;
    private final int httpStatus;

    public ObjectStoreException(String message, String key, String errorCode, int httpStatus, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /** The object key the operation was about (a prefix for listings). */
    public String key() {
        return key;
    }

    /** The store's S3 error code ({@code NoSuchKey}, {@code InvalidRange}, ...), or null if it never answered. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of the store's answer, or 0 if it never answered. */
    public int httpStatus() {
        return httpStatus;
    }
}
