package io.pincluster.core.error;

import io.pincluster.core.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

    /**
     * Waits for {@code answer} and returns its value; a failure comes out as the {@link ClusterException} it
     * carries (any other cause is wrapped as INTERNAL), an interrupt as UNAVAILABLE with the flag kept.
     */
    public static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof ClusterException ce) {
                throw ce;
            }
            throw new ClusterException(ErrorCode.INTERNAL, "the call failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the answer", e);
        }
    }
}
