package io.pincluster.gateway.content;

import java.io.IOException;

/**
 * A block that hashes correctly but is not valid for what the request needs (malformed dag-pb or UnixFS,
 * inconsistent sizes). The content itself is broken, so retrying cannot help.
 */
public final class InvalidContentException extends IOException {
    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
