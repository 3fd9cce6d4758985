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
 *
 * <p>{@code lastReadAt} (decision 0024) is the latest time a peer reported serving the pin to a reader (a gateway
 * read, the proxy's {@code cat}), or null when none was reported. It only ever grows: the index takes the later of
 * what it has and what a report says. The archiving peer does not know it, so an archive entry in the log never
 * carries it; reports ({@link ReadReport}) and snapshots (format 8) do.
 */
public record ArchiveEntry(Cid cid, String objectKey, String sha256, long size, String pieceCid, Instant archivedAt,
                           Instant lastReadAt) {
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

    /** An entry nobody has reported reading yet: what an archiving peer records. */
    public ArchiveEntry(Cid cid, String objectKey, String sha256, long size, String pieceCid, Instant archivedAt) {
        this(cid, objectKey, sha256, size, pieceCid, archivedAt, null);
    }

    /** This entry with the later of its read time and {@code readAt}. */
    public ArchiveEntry readAt(Instant readAt) {
        if (readAt == null || lastReadAt != null && !readAt.isAfter(lastReadAt)) {
            return this;
        }
        return new ArchiveEntry(cid, objectKey, sha256, size, pieceCid, archivedAt, readAt);
    }

    /**
     * Since when nobody has read the pin as far as the index knows: its last reported read, or, when none was
     * reported, the time it was archived (a pin is not "unread for long" just because it was archived long after it
     * was pinned and never read since: the clock starts at the later of the two).
     */
    public Instant unreadSince() {
        return lastReadAt != null && lastReadAt.isAfter(archivedAt) ? lastReadAt : archivedAt;
    }
}
