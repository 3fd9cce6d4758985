package io.pincluster.cold.s3;

/**
 * When the S3 client adds (requests) or checks (responses) the newer {@code x-amz-checksum-*} values.
 *
 * <p>AWS SDK 2.30 made {@link #WHEN_SUPPORTED} the default: a CRC32 on every PutObject and UploadPart, sent as an
 * {@code aws-chunked} trailer. AWS handles it; several S3-compatible stores reject it (Ceph RGW, OVHcloud, R2 at the
 * time) or store the chunk framing as if it were data (s3rver). {@link #WHEN_REQUIRED} restores the pre-2.30
 * behaviour. The store's own integrity check does not depend on either: every body carries a Content-MD5 and every
 * archive is verified against our SHA-256.
 */
public enum ChecksumMode {
    /** Add or check a checksum on every operation that supports one (the SDK's default since 2.30). */
    WHEN_SUPPORTED,
    /** Only where the S3 API requires one (the behaviour before 2.30; what most S3-compatible stores expect). */
    WHEN_REQUIRED
}
