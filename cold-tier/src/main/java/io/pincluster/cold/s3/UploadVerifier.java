package io.pincluster.cold.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Decides whether the object the store now holds under a key is the archive we sent.
 *
 * <p>Always, with one HeadObject: the length is ours, the SHA-256 our upload put in the metadata is ours, and the
 * ETag is the one our parts' MD5s predict (when the store's ETags are MD5s at all). Together with the Content-MD5
 * the store checked on every request, that catches a body damaged in transit, a part list assembled wrong on
 * resume, and a store that keeps something else than it was sent (s3rver keeping the {@code aws-chunked} framing
 * shows up as a wrong length). What it cannot catch is a store that checks nothing and lies in its answers; for
 * that {@code verifyByReadBack} reads the whole object back through our own SHA-256, at the price of one full GET
 * per archive, which is why it is a switch and not the default (docs/decisions/0016).
 */
final class UploadVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(UploadVerifier.class);
    /** The user-metadata name ({@code x-amz-meta-sha256}) of the archive's hex SHA-256. */
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String bucket;
    private final boolean readBack;

    UploadVerifier(S3Client s3, String bucket, boolean readBack) {
        this.s3 = s3;
        this.bucket = bucket;
        this.readBack = readBack;
    }

    boolean readsBack() {
        return readBack;
    }

    /**
     * Checks the stored object against what was sent.
     *
     * @param expectedEtag the ETag the store should report if its ETags are MD5s, or null if not known
     * @return what the store says about the object
     * @throws ArchiveVerificationException if it is missing or is not the archive
     */
    ObjectInfo verify(String key, long size, String sha256, String expectedEtag) throws ObjectStoreException {
        HeadObjectResponse head = head(key).orElseThrow(() -> new ArchiveVerificationException(
                "archive " + key + " in bucket " + bucket + " is missing right after its upload completed", key));
        ObjectInfo info = info(key, head);
        if (info.size() != size) {
            throw new ArchiveVerificationException("archive " + key + " in bucket " + bucket + " holds "
                    + info.size() + " bytes, " + size + " were sent", key);
        }
        if (info.sha256().isPresent() && !info.sha256().get().equals(sha256)) {
            throw new ArchiveVerificationException("archive " + key + " in bucket " + bucket + " is tagged SHA-256 "
                    + info.sha256().get() + ", the bytes sent have " + sha256, key);
        }
        if (expectedEtag != null && Etags.areMd5s(head.serverSideEncryption(), head.sseCustomerAlgorithm())
                && Etags.contradicts(expectedEtag, info.etag())) {
            throw new ArchiveVerificationException("archive " + key + " in bucket " + bucket + " has ETag "
                    + info.etag() + ", the MD5s of the bytes sent give " + expectedEtag, key);
        }
        if (readBack) {
            checkReadBack(key, size, sha256, info.etag());
        }
        return info;
    }

    /**
     * The object under {@code key} if it is already this archive: same length, and the same SHA-256 tag unless it
     * has none. How an upload that crashed after CompleteMultipartUpload, before its journal was removed, knows it
     * is done.
     */
    Optional<ObjectInfo> existingCopy(String key, long size, String sha256) throws ObjectStoreException {
        Optional<HeadObjectResponse> head = head(key);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        ObjectInfo info = info(key, head.get());
        boolean same = info.size() == size && info.sha256().map(sha256::equals).orElse(true);
        if (!same) {
            LOG.info("archive {} in bucket {} exists with other content ({} bytes, SHA-256 {}); uploading over it",
                    key, bucket, info.size(), info.sha256().orElse("untagged"));
        }
        return same ? Optional.of(info) : Optional.empty();
    }

    /** HeadObject; empty if there is no such object. */
    Optional<HeadObjectResponse> head(String key) throws ObjectStoreException {
        try {
            return Optional.of(s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("HeadObject", bucket, key, e);
        }
    }

    static ObjectInfo info(String key, HeadObjectResponse head) {
        return new ObjectInfo(key, head.contentLength(), Etags.normalize(head.eTag()), head.lastModified(),
                Optional.ofNullable(head.metadata().get(SHA256_METADATA)));
    }

    private void checkReadBack(String key, long size, String sha256, String etag) throws ObjectStoreException {
        MessageDigest digest = SliceDigest.newDigest("SHA-256");
        long read = 0;
        // If-Match: a concurrent overwrite fails the read instead of verifying another object.
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).ifMatch(etag).build();
        try (ResponseInputStream<GetObjectResponse> in = S3Failures.call("GetObject", bucket, key,
                () -> s3.getObject(request))) {
            read = digestAll(in, digest);
        } catch (ObjectStoreException e) {
            throw e;
        } catch (IOException | SdkException e) {
            throw new ObjectStoreException("reading back archive " + key + " in bucket " + bucket + " failed: " + e,
                    key, null, 0, e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (read != size || !actual.equals(sha256)) {
            throw new ArchiveVerificationException("archive " + key + " in bucket " + bucket + " read back as "
                    + read + " bytes with SHA-256 " + actual + ", " + size + " bytes with " + sha256 + " were sent",
                    key);
        }
        LOG.debug("archive {} read back: {} bytes, SHA-256 {}", key, read, actual);
    }

    private static long digestAll(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
