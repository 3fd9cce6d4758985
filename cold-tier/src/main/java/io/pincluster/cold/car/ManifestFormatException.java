package io.pincluster.cold.car;

import java.io.IOException;

/** Bytes that are not an archive manifest this build reads: malformed, inconsistent, or of a newer format. */
public final class ManifestFormatException extends IOException {
    public ManifestFormatException(String message) {
        super(message);
    }

    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
