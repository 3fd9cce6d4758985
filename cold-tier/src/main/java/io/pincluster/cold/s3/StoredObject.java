package io.pincluster.cold.s3;

/**
 * An archive object the store holds and that passed verification.
 *
 * @param key          the object key
 * @param size         its length in bytes
 * @param sha256       its hex SHA-256, computed here from the local file (not taken from the store)
 * @param etag         the store's ETag without quotes
 * @param parts        1 for a single PutObject, else the multipart part count
 * @param partsSentNow parts this call uploaded: fewer than {@code parts} after a resume, 0 when the object was
 *                     already complete
 * @param readBack     whether the whole object was read back and its SHA-256 compared
 */
public record StoredObject(String key, long size, String sha256, String etag, int parts, int partsSentNow,
        boolean readBack) {
}
