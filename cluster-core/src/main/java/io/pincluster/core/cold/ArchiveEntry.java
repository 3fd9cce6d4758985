package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One archived pin, as the replicated index records it (decision 0019): the pin's CID, the object key of its CAR in
 * the bucket, the CAR's SHA-256 (hex) and size, its Filecoin piece CID, and when the archiving peer finished. The
 * block offsets are not here: they are in the archive's sidecar manifest, read once per peer when a restore needs
 * them, so a log entry stays ~300 bytes whatever the DAG.
 */
public record ArchiveEntry(Cid cid, String objectKey, String sha256, long size, String pieceCid, Instant archivedAt) {
    /** S3's longest key, in characters here (keys this cluster writes are ~150). */
    public static final int MAX_KEY_LENGTH = 1024;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_PIECE_CID_LENGTH = 256;

    public ArchiveEntry {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(archivedAt, "archivedAt");
        if (objectKey == null || objectKey.isEmpty() || objectKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an archive's object key must be 1 to " + MAX_KEY_LENGTH
                    + " characters");
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("an archive's SHA-256 must be 64 lowercase hex digits: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("an archive's size must not be negative: " + size);
        }
        if (pieceCid == null || pieceCid.isEmpty() || pieceCid.length() > MAX_PIECE_CID_LENGTH) {
            throw new IllegalArgumentException("an archive's piece CID must be 1 to " + MAX_PIECE_CID_LENGTH
                    + " characters");
        }
    }
}
