package io.pincluster.service.identity;

/** The identity file or key is missing, unreadable or malformed; the message says which and why. */
public final class IdentityException extends RuntimeException {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
