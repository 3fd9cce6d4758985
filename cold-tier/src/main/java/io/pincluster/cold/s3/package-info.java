/**
 * The cold tier's object store: archives in an S3-compatible bucket, through the AWS SDK for Java v2.
 *
 * <p>{@link io.pincluster.cold.s3.ArchiveObjectStore} is the entry point: it stores a spooled archive (one request
 * below a threshold, else a multipart upload that resumes after a crash from a journal beside the spool), verifies
 * what the store holds against the archive's own SHA-256, and reads byte ranges back for block restore.
 * {@link io.pincluster.cold.s3.S3StoreConfig} holds the endpoint, bucket, credentials and the client switches that
 * make one client work with AWS and with older S3-compatible stores; {@link io.pincluster.cold.s3.S3ClientFactory}
 * applies them. The secret key is a {@link io.pincluster.cold.s3.Secret} and prints as {@code <redacted>}.
 * Design and the resume algorithm: docs/decisions/0016-cold-tier-object-store.md.
 */
package io.pincluster.cold.s3;
