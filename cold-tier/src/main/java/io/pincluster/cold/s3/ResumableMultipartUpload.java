package io.pincluster.cold.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one spooled archive in parts so that a crash at any point costs at most the part in flight: the next
 * attempt with the same file finds the journal (or the store's open upload), keeps what is stored, sends the rest,
 * completes and verifies (docs/decisions/0016).
 *
 * <p>Order of durable steps: CreateMultipartUpload, then the journal (header and upload id, atomically); per part,
 * UploadPart, then its journal line (fsync'd), then the progress callback; CompleteMultipartUpload, verification,
 * and only then the journal's removal. A failure anywhere leaves the upload open and the journal in place, on
 * purpose: that is what the next attempt resumes from. Uploads nobody resumes are for
 * {@link ArchiveObjectStore#abortUploadsStartedBefore}.
 */
final class ResumableMultipartUpload {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableMultipartUpload.class);

    private final S3Client s3;
    private final String bucket;
    private final long configuredPartSize;
    private final S3Listings listings;
    private final UploadVerifier verifier;
    private final UploadRecovery recovery;

    ResumableMultipartUpload(S3Client s3, String bucket, long configuredPartSize, S3Listings listings,
            UploadVerifier verifier) {
        this.s3 = s3;
        this.bucket = bucket;
        this.configuredPartSize = configuredPartSize;
        this.listings = listings;
        this.verifier = verifier;
        this.recovery = new UploadRecovery(listings, verifier, bucket);
    }

    /** How an object of {@code size} bytes is cut into parts with this store's part size. */
    PartPlan plan(long size) {
        return PartPlan.of(size, configuredPartSize);
    }

    /**
     * Uploads {@code file} ({@code size} bytes, SHA-256 {@code sha256}), resuming where an earlier attempt stopped.
     *
     * @param knownParts the digests of the plan's parts, computed while the file was written, or null to read them
     *                   from the file part by part
     */
    StoredObject upload(String key, Path file, long size, String sha256, List<SliceDigest> knownParts,
            UploadProgress progress) throws IOException {
        PartPlan plan = plan(size);
        if (knownParts != null && knownParts.size() != plan.partCount()) {
            throw new IllegalArgumentException(knownParts.size() + " part digests for " + plan.partCount() + " parts");
        }
        UploadJournal.Header archive = new UploadJournal.Header(bucket, key, size, sha256, plan.partSize());
        Path journalPath = UploadJournal.beside(file);
        UploadRecovery.Start start = recovery.find(file, archive, plan, journalPath);
        if (start instanceof UploadRecovery.AlreadyStored) {
            abortOpenUploads(key, null);
            ObjectInfo info = verifier.verify(key, size, sha256, null);
            UploadJournal.remove(journalPath);
            LOG.info("{} is already stored ({} bytes, ETag {}): nothing to send", key, info.size(), info.etag());
            return new StoredObject(key, info.size(), sha256, info.etag(), plan.partCount(), 0,
                    verifier.readsBack());
        }
        String uploadId;
        UploadJournal journal;
        Map<Integer, UploadJournal.Part> stored = new TreeMap<>();
        if (start instanceof UploadRecovery.Continue resume) {
            uploadId = resume.uploadId();
            // Before carrying on, not after: a crash in between leaves only our upload, which the next attempt
            // adopts. (S3Mock cannot take this with two uploads of one key: see docs/decisions/0016.)
            abortOpenUploads(key, uploadId);
            resume.stored().forEach(p -> stored.put(p.number(), p));
            journal = UploadJournal.start(journalPath, archive, uploadId, stored.values());
        } else {
            abortOpenUploads(key, null);
            uploadId = create(key, sha256);
            journal = UploadJournal.start(journalPath, archive, uploadId, List.of());
            LOG.info("started upload {} of {}: {} bytes in {} parts of {}", uploadId, key, size,
                    plan.partCount(), plan.partSize());
        }
        int sent = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            if (!stored.containsKey(n)) {
                UploadJournal.Part part = uploadPart(key, uploadId, file, plan, n,
                        knownParts == null ? null : knownParts.get(n - 1));
                journal.append(part);
                stored.put(n, part);
                sent++;
                progress.partStored(key, n, plan.partCount());
            }
        }
        complete(key, uploadId, stored);
        String expectedEtag = Etags.multipart(stored.values().stream().map(UploadJournal.Part::md5).toList());
        ObjectInfo info = verifier.verify(key, size, sha256, expectedEtag);
        journal.delete();
        LOG.info("stored {}: {} bytes, {} parts ({} sent now), SHA-256 {}", key, info.size(), plan.partCount(), sent,
                sha256);
        return new StoredObject(key, info.size(), sha256, info.etag(), plan.partCount(), sent,
                verifier.readsBack());
    }

    private String create(String key, String sha256) throws ObjectStoreException {
        return S3Failures.call("CreateMultipartUpload", bucket, key, () -> s3.createMultipartUpload(
                CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .contentType("application/octet-stream")
                        .metadata(Map.of(UploadVerifier.SHA256_METADATA, sha256)).build()).uploadId());
    }

    private UploadJournal.Part uploadPart(String key, String uploadId, Path file, PartPlan plan, int n,
            SliceDigest known) throws IOException {
        long offset = plan.offset(n);
        long length = plan.length(n);
        if (known != null && known.length() != length) {
            throw new IllegalArgumentException("a digest of " + known.length() + " bytes for part " + n + " of "
                    + length);
        }
        // known: hashed while the file was written; a file changed since fails the store's Content-MD5 check
        // (part 1 of several comes without its SHA-256, which the journal records: read back, that part only)
        SliceDigest digest = known != null && known.sha256() != null ? known : SliceDigest.of(file, offset, length);
        UploadPartResponse response;
        try (FileSliceBody body = new FileSliceBody(file, offset, length)) {
            UploadPartRequest request = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(n).contentLength(length).contentMD5(digest.md5Base64()).build();
            response = S3Failures.call("UploadPart " + n, bucket, key, () -> s3.uploadPart(request,
                    body.requestBody()));
        }
        String etag = Etags.normalize(response.eTag());
        if (etag == null || etag.isEmpty()) {
            throw new ObjectStoreException("UploadPart " + n + " of " + key + " in bucket " + bucket
                    + " returned no ETag", key, null, 0, null);
        }
        if (Etags.areMd5s(response.serverSideEncryption(), response.sseCustomerAlgorithm())
                && Etags.contradicts(digest.md5(), etag)) {
            throw new ArchiveVerificationException("part " + n + " of " + key + " in bucket " + bucket
                    + " was stored with ETag " + etag + ", but the MD5 of the bytes sent is " + digest.md5(), key);
        }
        LOG.debug("stored part {}/{} of {} ({} bytes, ETag {})", n, plan.partCount(), key, length, etag);
        return new UploadJournal.Part(n, length, etag, digest.md5(), digest.sha256());
    }

    private void complete(String key, String uploadId, Map<Integer, UploadJournal.Part> stored)
            throws ObjectStoreException {
        // The part list comes from our journal, in number order; ListParts only ever checked it.
        List<CompletedPart> parts = stored.values().stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag("\"" + p.etag() + "\"").build())
                .toList();
        S3Failures.call("CompleteMultipartUpload", bucket, key, () -> s3.completeMultipartUpload(
                CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build()));
    }

    /** Aborts every open upload of exactly {@code key} but {@code keep}: leftovers of earlier attempts. */
    private void abortOpenUploads(String key, String keep) throws ObjectStoreException {
        for (PendingUpload upload : S3Failures.call("ListMultipartUploads", bucket, key,
                () -> listings.uploadsOf(key))) {
            if (!upload.uploadId().equals(keep)) {
                abort(s3, bucket, upload);
            }
        }
    }

    /** Aborts one open upload; one already gone counts as aborted. */
    static void abort(S3Client s3, String bucket, PendingUpload upload) throws ObjectStoreException {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(upload.key())
                    .uploadId(upload.uploadId()).build());
            LOG.info("aborted upload {} of {} (started {})", upload.uploadId(), upload.key(), upload.initiated());
        } catch (SdkException e) {
            if (!S3Failures.isNoSuchUpload(e)) {
                throw S3Failures.translate("AbortMultipartUpload", bucket, upload.key(), e);
            }
        }
    }
}
