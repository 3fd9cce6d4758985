package io.pincluster.consensus.codec;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** Bytes that are not a valid encoding (truncated, unknown tag, bad CID, lengths beyond the input). */
public final class MalformedDataException extends ClusterException {
    public MalformedDataException(String message) {
        super(ErrorCode.BAD_REQUEST, "malformed pinset data: " + message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(ErrorCode.BAD_REQUEST, "malformed pinset data: " + message, cause);
    }
}
