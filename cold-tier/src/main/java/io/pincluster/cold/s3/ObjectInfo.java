package io.pincluster.cold.s3;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store says about one object.
 *
 * @param key          the object key
 * @param size         its length in bytes
 * @param etag         the store's ETag without quotes: a receipt, not a content hash (multipart ETags are
 *                     {@code md5-of-part-md5s-N}, SSE-KMS ones are opaque)
 * @param lastModified when the store last wrote it
 * @param sha256       the hex SHA-256 our upload recorded in its metadata; empty in listings (they carry no
 *                     metadata) and for objects not written by this store
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified, Optional<String> sha256) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
    }
}
