package io.pincluster.service.external;

/** A call to an external pinning service failed; the message names the service and says why, never its token. */
public final class ExternalServiceException extends RuntimeException {
    public ExternalServiceException(String message) {
        super(message);
    }

    public ExternalServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
