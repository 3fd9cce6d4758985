package io.pincluster.gateway.content;

/**
 * Thrown by a source's {@link ContentSource#inMemory() memory-only view} where answering would need disk or a peer:
 * the gateway then answers the request again on its blocking executor. Not a failure: it carries no stack trace and
 * one instance serves every throw, since it is thrown on the event loop for every request that is not hot.
 */
public final class NotInMemoryException extends RuntimeException {
    public static final NotInMemoryException INSTANCE = new NotInMemoryException();

    private NotInMemoryException() {
        super("not in memory", null, false, false);
    }
}
