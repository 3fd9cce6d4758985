package io.pincluster.gateway.content;

import java.io.IOException;

/** A path segment that does not exist in the DAG, or that goes through something that is not a directory. */
public final class ContentPathNotFoundException extends IOException {
    public ContentPathNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
