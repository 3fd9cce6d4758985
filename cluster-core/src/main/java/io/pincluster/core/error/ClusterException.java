package io.pincluster.core.error;

/** A failure that carries its {@link ErrorCode}, so every layer reports it the same way. */
public class ClusterException extends RuntimeException {
    private final ErrorCode code;

    public ClusterException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ClusterException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ClusterException badRequest(String message) {
        return new ClusterException(ErrorCode.BAD_REQUEST, message);
    }

    /** ipfs-cluster's exact text for a CID that is not pinned; clients match on it. */
    public static ClusterException notPinned() {
        return new ClusterException(ErrorCode.NOT_FOUND, "pin is not part of the pinset");
    }
}
