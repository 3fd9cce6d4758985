package io.pincluster.cold.s3;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An archive's digests computed while it was spooled ({@link DigestingOutputStream}), so that its upload need not
 * read the file once more to compute them: the whole object's SHA-256 (its identity, {@code x-amz-meta-sha256}) and
 * MD5 and (but for part 1 of several) SHA-256 of each part of {@link #partSize()} bytes (the {@code Content-MD5} of each request, and what the
 * upload journal records). The store still checks them: a file changed since would fail the store's Content-MD5
 * check or the verification after the upload, never be stored under these digests.
 */
public final class UploadDigests {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final long length;
    private final String sha256;
    private final long partSize;
    private final List<SliceDigest> parts;

    UploadDigests(long length, String sha256, long partSize, List<SliceDigest> parts) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
        }
        this.length = length;
        this.sha256 = sha256;
        this.partSize = partSize;
        this.parts = List.copyOf(parts);
        long total = this.parts.stream().mapToLong(SliceDigest::length).sum();
        if (total != length || this.parts.isEmpty()) {
            throw new IllegalArgumentException("parts of " + total + " bytes for an object of " + length);
        }
    }

    /** Bytes in the object. */
    public long length() {
        return length;
    }

    /** The object's lowercase hex SHA-256. */
    public String sha256() {
        return sha256;
    }

    /** The part size the part digests were cut at. */
    public long partSize() {
        return partSize;
    }

    /** MD5 and SHA-256 of the whole object, if it was one part; else null (the caller reads the file). */
    SliceDigest whole() {
        return parts.size() == 1 ? new SliceDigest(parts.get(0).md5(), sha256, length) : null;
    }

    /**
     * The part digests if they were cut as {@code plan} cuts; else null (the caller reads the file). Part 1 of
     * several has no SHA-256 (null): the uploader reads that part back for it.
     */
    List<SliceDigest> partsFor(PartPlan plan) {
        if (plan.objectSize() != length || plan.partSize() != partSize || plan.partCount() != parts.size()) {
            return null;
        }
        return parts.size() == 1 ? List.of(whole()) : parts;
    }
}
