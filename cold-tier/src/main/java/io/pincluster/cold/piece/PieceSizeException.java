package io.pincluster.cold.piece;

/**
 * A payload or piece size outside what Filecoin pieces allow: over the 64 GiB padded maximum, under the 65-byte
 * minimum of a v1 piece CID, or sizes that contradict each other (as a malformed v2 piece CID may state).
 */
public final class PieceSizeException extends IllegalArgumentException {
    public PieceSizeException(String message) {
        super(message);
    }
}
