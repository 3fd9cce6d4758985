package io.pincluster.cold.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The cold tier's object store: archives (CAR files spooled to local disk) go in, byte ranges of them come back
 * on restore. One bucket, one S3 client, any S3-compatible store (docs/decisions/0016).
 *
 * <ul>
 *   <li>{@link #put} stores a spooled file under a key and verifies it: one PutObject below the single-put
 *       threshold, else a multipart upload that resumes after a crash (see {@link ResumableMultipartUpload}).</li>
 *   <li>{@link #read} returns one byte range, for restoring blocks by the archive's index.</li>
 *   <li>{@link #head}, {@link #delete}, {@link #list}: catalogue and garbage collection.</li>
 *   <li>{@link #pendingUploads} and {@link #abortUploadsStartedBefore}: open multipart uploads nobody will resume
 *       still cost storage; the cluster aborts them after a grace period.</li>
 * </ul>
 *
 * <p>Thread-safe: it holds no state beside the S3 client. One writer per key at a time, though: two concurrent
 * {@code put}s of one key would abort each other's uploads (the leader schedules one archive job per archive).
 * Every failure is an {@link ObjectStoreException} naming the operation, the key and the store's error code; each
 * request is retried a bounded number of times ({@link S3StoreConfig#maxAttempts()}) by the client.
 */
public final class ArchiveObjectStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveObjectStore.class);
    /** A ranged read returns a byte array: more than this belongs in several reads. */
    public static final long MAX_RANGE_BYTES = 64 * S3StoreConfig.MIB;
    private static final int MAX_KEY_BYTES = 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final S3Client s3;
    private final String bucket;
    private final long singlePutThreshold;
    private final long partSize;
    private final S3Listings listings;
    private final UploadVerifier verifier;
    private final ResumableMultipartUpload multipart;

    private ArchiveObjectStore(S3Client s3, S3StoreConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
        this.singlePutThreshold = config.singlePutThreshold();
        this.partSize = config.partSize();
        this.listings = new S3Listings(s3, bucket, config.listPageSize());
        this.verifier = new UploadVerifier(s3, bucket, config.verifyByReadBack());
        this.multipart = new ResumableMultipartUpload(s3, bucket, config.partSize(), listings, verifier);
    }

    /** A store over a new client built from {@code config}; {@link #close()} closes the client. */
    public static ArchiveObjectStore open(S3StoreConfig config) {
        return new ArchiveObjectStore(S3ClientFactory.create(config), config);
    }

    public String bucket() {
        return bucket;
    }

    /** {@link #put(String, Path, UploadProgress)} without progress reports. */
    public StoredObject put(String key, Path spooledFile) throws IOException {
        return put(key, spooledFile, UploadProgress.NONE);
    }

    /**
     * Stores {@code spooledFile} under {@code key} and verifies what the store then holds. Safe to call again with
     * the same file after a crash or a failure: it resumes a multipart upload from its journal (a file beside the
     * spool, removed on success) or from the store's open upload, and returns at once if the object is already
     * complete. The file must not change while its upload is unfinished.
     *
     * @throws ObjectStoreException if the store fails or refuses a request (after bounded retries)
     * @throws ArchiveVerificationException if the stored object is not the file's bytes
     * @throws IOException if the file cannot be read or the journal written
     */
    public StoredObject put(String key, Path spooledFile, UploadProgress progress) throws IOException {
        return put(key, spooledFile, null, false, progress);
    }

    /**
     * {@link #put(String, Path, UploadProgress)} with the file's digests computed while it was written
     * ({@link #digesting}), so the file is read once, by the upload, instead of once more to hash it. Digests cut at
     * another part size than this object's plan (a config change before a resume) are not used for the parts.
     *
     * @throws IllegalArgumentException if {@code known} describes another length than the file's
     */
    public StoredObject put(String key, Path spooledFile, UploadDigests known, UploadProgress progress)
            throws IOException {
        return put(key, spooledFile, Objects.requireNonNull(known, "known"), false, progress);
    }

    /**
     * {@link #put(String, Path, UploadDigests, UploadProgress)}, unless {@code key} already holds this archive (our
     * length and SHA-256 tag): then nothing is sent and the result has {@code partsSentNow == 0}. One HeadObject
     * decides, the same one a multipart upload's recovery makes anyway. {@code known} may be null (digests are then
     * read from the file).
     */
    public StoredObject putUnlessStored(String key, Path spooledFile, UploadDigests known, UploadProgress progress)
            throws IOException {
        return put(key, spooledFile, known, true, progress);
    }

    private StoredObject put(String key, Path spooledFile, UploadDigests known, boolean unlessStored,
            UploadProgress progress) throws IOException {
        checkKey(key);
        Objects.requireNonNull(progress, "progress");
        long size = Files.size(spooledFile);
        if (known != null && known.length() != size) {
            throw new IllegalArgumentException("digests of " + known.length() + " bytes for " + spooledFile + " of "
                    + size + " bytes");
        }
        if (size >= singlePutThreshold) {
            // the archive's identity, from the local bytes: every later check compares against it
            String sha256 = known != null ? known.sha256() : SliceDigest.of(spooledFile, 0, size).sha256();
            List<SliceDigest> parts = known != null ? known.partsFor(multipart.plan(size)) : null;
            // the recovery heads the key before anything is sent: unlessStored costs nothing more here
            return multipart.upload(key, spooledFile, size, sha256, parts, progress);
        }
        SliceDigest whole = known != null ? known.whole() : null;
        if (whole == null) {
            whole = SliceDigest.of(spooledFile, 0, size);
        }
        if (unlessStored) {
            Optional<ObjectInfo> existing = verifier.existingCopy(key, size, whole.sha256())
                    .filter(o -> o.sha256().isPresent());
            if (existing.isPresent()) {
                LOG.info("{} already holds this archive ({} bytes, SHA-256 {}): nothing to send", key, size,
                        whole.sha256());
                return new StoredObject(key, size, whole.sha256(), existing.get().etag(), 1, 0, false);
            }
        }
        return putInOneRequest(key, spooledFile, whole, progress);
    }

    /**
     * Stores a small object held in memory with one PutObject (Content-MD5, our SHA-256 tag) and checks the ETag in
     * the store's answer, without a HeadObject afterwards: for sidecars, whose readers check what they read (decode,
     * key, the CAR's length) anyway. Archives go through {@link #put}, which verifies them with a HeadObject.
     *
     * @throws ArchiveVerificationException if the store answers with an ETag that is another MD5
     */
    public StoredObject putSmall(String key, byte[] data) throws ObjectStoreException {
        checkKey(key);
        MessageDigest md5 = SliceDigest.newDigest("MD5");
        MessageDigest sha = SliceDigest.newDigest("SHA-256");
        String md5Hex = HexFormat.of().formatHex(md5.digest(data));
        String sha256 = HexFormat.of().formatHex(sha.digest(data));
        SliceDigest digest = new SliceDigest(md5Hex, sha256, data.length);
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) data.length)
                .contentMD5(digest.md5Base64()).contentType("application/octet-stream")
                .metadata(Map.of(UploadVerifier.SHA256_METADATA, sha256)).build();
        PutObjectResponse response = S3Failures.call("PutObject", bucket, key,
                () -> s3.putObject(request, RequestBody.fromBytes(data)));
        String etag = Etags.normalize(response.eTag());
        if (Etags.areMd5s(response.serverSideEncryption(), response.sseCustomerAlgorithm())
                && Etags.contradicts(md5Hex, etag)) {
            throw new ArchiveVerificationException("object " + key + " in bucket " + bucket + " was stored with ETag "
                    + etag + ", but the MD5 of the bytes sent is " + md5Hex, key);
        }
        LOG.debug("stored {}: {} bytes in one request", key, data.length);
        return new StoredObject(key, data.length, sha256, etag, 1, 1, false);
    }

    /**
     * A stream that passes bytes on to {@code out} and computes the digests a later
     * {@link #put(String, Path, UploadDigests, UploadProgress)} of them needs, cut at this store's part size.
     */
    public DigestingOutputStream digesting(OutputStream out) {
        return new DigestingOutputStream(out, partSize);
    }

    private StoredObject putInOneRequest(String key, Path file, SliceDigest whole, UploadProgress progress)
            throws IOException {
        PutObjectResponse response;
        try (FileSliceBody body = new FileSliceBody(file, 0, whole.length())) {
            PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key)
                    .contentLength(whole.length()).contentMD5(whole.md5Base64())
                    .contentType("application/octet-stream")
                    .metadata(Map.of(UploadVerifier.SHA256_METADATA, whole.sha256())).build();
            response = S3Failures.call("PutObject", bucket, key, () -> s3.putObject(request, body.requestBody()));
        }
        boolean md5Etags = Etags.areMd5s(response.serverSideEncryption(), response.sseCustomerAlgorithm());
        ObjectInfo info = verifier.verify(key, whole.length(), whole.sha256(), md5Etags ? whole.md5() : null);
        progress.partStored(key, 1, 1);
        LOG.info("stored {}: {} bytes in one request, SHA-256 {}", key, info.size(), whole.sha256());
        return new StoredObject(key, info.size(), whole.sha256(), info.etag(), 1, 1, verifier.readsBack());
    }

    /**
     * Bytes {@code range} of object {@code key}, exactly {@code range.length()} of them.
     *
     * @throws RangeNotSatisfiableException if the object is shorter than the range's end (the store answered 416,
     *                                      or returned fewer bytes)
     * @throws ObjectStoreException         if there is no such object ({@code NoSuchKey}) or the store fails
     * @throws IllegalArgumentException     if the range is over {@link #MAX_RANGE_BYTES}
     */
    public byte[] read(String key, ByteRange range) throws ObjectStoreException {
        return read(key, range, null);
    }

    /**
     * {@link #read(String, ByteRange)}, but only from the object version with ETag {@code ifMatch} (when not
     * null): a restore that reads several ranges of one archive pins them all to the version its index describes,
     * and an overwritten archive fails with {@code PreconditionFailed} (HTTP 412) instead of mixing versions.
     */
    public byte[] read(String key, ByteRange range, String ifMatch) throws ObjectStoreException {
        checkKey(key);
        if (range.length() > MAX_RANGE_BYTES) {
            throw new IllegalArgumentException("range " + range + " of " + key + " is over the " + MAX_RANGE_BYTES
                    + " bytes one read may return; read it in pieces");
        }
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).range(range.header())
                    .ifMatch(ifMatch).build(), ResponseTransformer.toBytes());
        } catch (SdkException e) {
            if (S3Failures.isInvalidRange(e)) {
                throw new RangeNotSatisfiableException("range " + range + " of " + key + " in bucket " + bucket
                        + " starts past the object's end: " + S3Failures.INVALID_RANGE + " (HTTP 416)", key, range,
                        -1, S3Failures.INVALID_RANGE, 416, e);
            }
            throw S3Failures.translate("GetObject " + range, bucket, key, e);
        }
        byte[] data = bytes.asByteArrayUnsafe();
        if (data.length != range.length()) {
            long total = objectSize(bytes.response().contentRange());
            throw new RangeNotSatisfiableException("range " + range + " of " + key + " in bucket " + bucket
                    + " runs past the object's end: got " + data.length + " bytes"
                    + (total >= 0 ? ", the object has " + total : ""), key, range, total, null,
                    bytes.response().sdkHttpResponse().statusCode(), null);
        }
        return data;
    }

    /** What the store says about {@code key}; empty if there is no such object. */
    public Optional<ObjectInfo> head(String key) throws ObjectStoreException {
        checkKey(key);
        return verifier.head(key).map(h -> UploadVerifier.info(key, h));
    }

    /** Deletes {@code key}; deleting a missing object is not an error (S3 answers 204 either way). */
    public void delete(String key) throws ObjectStoreException {
        checkKey(key);
        S3Failures.call("DeleteObject", bucket, key,
                () -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
        LOG.info("deleted {}", key);
    }

    /** Every object whose key starts with {@code prefix} ("" for all), in key order, across all pages. */
    public List<ObjectInfo> list(String prefix) throws ObjectStoreException {
        return S3Failures.call("ListObjectsV2", bucket, prefix, () -> listings.objects(prefix));
    }

    /** Every open multipart upload whose key starts with {@code prefix}, across all pages. */
    public List<PendingUpload> pendingUploads(String prefix) throws ObjectStoreException {
        return S3Failures.call("ListMultipartUploads", bucket, prefix, () -> listings.uploads(prefix));
    }

    /**
     * Aborts the open multipart uploads under {@code prefix} started before {@code cutoff}: uploads whose journal
     * is gone with its peer, or whose archive job was dropped. Pick a cutoff well past the longest upload, or a
     * live upload is cut off (it then restarts from scratch on its next attempt).
     *
     * @return the uploads aborted
     */
    public List<PendingUpload> abortUploadsStartedBefore(String prefix, Instant cutoff) throws ObjectStoreException {
        List<PendingUpload> aborted = new ArrayList<>();
        for (PendingUpload upload : pendingUploads(prefix)) {
            if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                ResumableMultipartUpload.abort(s3, bucket, upload);
                aborted.add(upload);
            }
        }
        return aborted;
    }

    @Override
    public void close() {
        s3.close();
    }

    private static long objectSize(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
        return m.matches() && !m.group(3).equals("*") ? Long.parseLong(m.group(3)) : -1;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("an object key must be at most " + MAX_KEY_BYTES + " bytes of UTF-8: "
                    + key.substring(0, 64) + "...");
        }
    }
}
