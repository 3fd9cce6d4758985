package io.pincluster.cold.s3;

/**
 * The store accepted an upload but what it holds is not what was sent: wrong length, another SHA-256, an ETag that
 * does not follow from the parts' MD5s, or a part ETag that is not the MD5 of the bytes sent. The archive must not
 * count as a copy.
 */
public final class ArchiveVerificationException extends ObjectStoreException {
    public ArchiveVerificationException(String message, String key) {
        super(message, key, null, 0, null);
    }
}
