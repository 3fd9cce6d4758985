package io.pincluster.cold.car;

import java.io.IOException;

/**
 * An archive's bytes are well-formed CAR but not the archive its manifest describes: other roots, a block missing,
 * added or moved, another length or SHA-256. The object was changed, truncated at a section boundary or mixed up
 * with another; none of its blocks that disagree with the manifest was handed out.
 */
public final class ArchiveMismatchException extends IOException {
    public ArchiveMismatchException(String message) {
        super(message);
    }
}
