package io.pincluster.cold.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Before a multipart upload sends anything: finds out how far an earlier attempt at the same archive got, from its
 * journal if there is one, else from what the store holds.
 *
 * <ol>
 *   <li>A journal for this very archive (same bucket, key, size, SHA-256 and part size): ListParts on its upload;
 *       parts whose number, size and ETag match the journal are kept. The store answering {@code NoSuchUpload}
 *       means the upload was completed (a crash after CompleteMultipartUpload) or aborted or expired: if the object
 *       is there with our length and SHA-256 it is {@link AlreadyStored}, else start {@link Fresh}.</li>
 *   <li>No journal, an unreadable one, or one for other content: if the object is there with our length and
 *       SHA-256 it is {@link AlreadyStored}; else the newest open upload of exactly this key that holds at least
 *       one part of our bytes is adopted, keeping those parts (listed size fits the plan, ETag is the MD5 of our
 *       bytes at that place). An upload holding none is worth nothing to resume, and starting over gives the object
 *       our SHA-256 metadata, which an upload someone else created lacks: no such upload, {@link Fresh}.</li>
 * </ol>
 * Open uploads of the key other than the one carried on are aborted by the uploader, not here.
 */
final class UploadRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(UploadRecovery.class);

    /** Where an upload starts. */
    sealed interface Start permits AlreadyStored, Continue, Fresh {
    }

    /** The archive is already in the store: nothing to send. */
    record AlreadyStored(ObjectInfo object) implements Start {
    }

    /** Carry on with open upload {@code uploadId}; {@code stored} parts need not be sent again. */
    record Continue(String uploadId, List<UploadJournal.Part> stored, String foundBy) implements Start {
        Continue {
            stored = List.copyOf(stored);
        }
    }

    /** Nothing usable: start a new upload. */
    record Fresh() implements Start {
    }

    private final S3Listings listings;
    private final UploadVerifier verifier;
    private final String bucket;

    UploadRecovery(S3Listings listings, UploadVerifier verifier, String bucket) {
        this.listings = listings;
        this.verifier = verifier;
        this.bucket = bucket;
    }

    Start find(Path file, UploadJournal.Header archive, PartPlan plan, Path journalPath) throws IOException {
        Optional<UploadJournal.State> journal = readJournal(journalPath);
        if (journal.isPresent() && journal.get().header().equals(archive)) {
            return fromJournal(journal.get(), archive);
        }
        if (journal.isPresent()) {
            LOG.warn("upload journal {} is for other content ({}), not for {}; recovering from the store's listing",
                    journalPath, journal.get().header(), archive);
        }
        return fromListing(file, archive, plan);
    }

    private Optional<UploadJournal.State> readJournal(Path journalPath) {
        try {
            return UploadJournal.read(journalPath);
        } catch (IOException e) {
            LOG.warn("{}; recovering from the store's listing", e.getMessage());
            return Optional.empty();
        }
    }

    private Start fromJournal(UploadJournal.State journal, UploadJournal.Header archive) throws IOException {
        String key = archive.key();
        List<S3Listings.ListedPart> listed;
        try {
            listed = listings.parts(key, journal.uploadId());
        } catch (SdkException e) {
            if (!S3Failures.isNoSuchUpload(e)) {
                throw S3Failures.translate("ListParts", bucket, key, e);
            }
            Optional<ObjectInfo> existing = verifier.existingCopy(key, archive.objectSize(), archive.sha256());
            if (existing.isPresent()) {
                LOG.info("upload {} of {} is gone and the object is complete: it finished before the journal was "
                        + "removed", journal.uploadId(), key);
                return new AlreadyStored(existing.get());
            }
            LOG.info("upload {} of {} no longer exists (aborted or expired): starting over", journal.uploadId(), key);
            return new Fresh();
        }
        Map<Integer, S3Listings.ListedPart> byNumber = new HashMap<>();
        listed.forEach(p -> byNumber.put(p.number(), p));
        List<UploadJournal.Part> kept = new ArrayList<>();
        for (UploadJournal.Part part : journal.parts()) {
            S3Listings.ListedPart inStore = byNumber.get(part.number());
            if (inStore != null && inStore.size() == part.size() && part.etag().equals(inStore.etag())) {
                kept.add(part);
            }
        }
        LOG.info("resuming upload {} of {} from its journal: {} of {} journaled parts are in the store",
                journal.uploadId(), key, kept.size(), journal.parts().size());
        return new Continue(journal.uploadId(), kept, "journal");
    }

    private Start fromListing(Path file, UploadJournal.Header archive, PartPlan plan) throws IOException {
        String key = archive.key();
        Optional<ObjectInfo> existing = verifier.existingCopy(key, archive.objectSize(), archive.sha256());
        if (existing.isPresent()) {
            return new AlreadyStored(existing.get());
        }
        List<PendingUpload> open = S3Failures.call("ListMultipartUploads", bucket, key, () -> listings.uploadsOf(key));
        List<PendingUpload> newestFirst = open.stream().sorted(Comparator.comparing(
                (PendingUpload u) -> u.initiated() == null ? Instant.EPOCH : u.initiated()).reversed()).toList();
        for (PendingUpload candidate : newestFirst) {
            List<UploadJournal.Part> kept = partsOfThisArchive(file, key, candidate.uploadId(), plan);
            if (!kept.isEmpty()) {
                LOG.info("adopting open upload {} of {} ({} open): {} stored parts match the local archive",
                        candidate.uploadId(), key, open.size(), kept.size());
                return new Continue(candidate.uploadId(), kept, "listing");
            }
        }
        if (!open.isEmpty()) {
            LOG.info("none of the {} open uploads of {} holds a part of the local archive: starting over",
                    open.size(), key);
        }
        return new Fresh();
    }

    /**
     * The parts of open upload {@code uploadId} that are this archive's bytes: size as planned, ETag the MD5 of our
     * bytes at that place (without a journal, the ETag is the only receipt, and it proves the bytes only if it is
     * their MD5). Other parts are sent again under the same number, which replaces them.
     */
    private List<UploadJournal.Part> partsOfThisArchive(Path file, String key, String uploadId, PartPlan plan)
            throws IOException {
        List<S3Listings.ListedPart> listed;
        try {
            listed = listings.parts(key, uploadId);
        } catch (SdkException e) {
            if (S3Failures.isNoSuchUpload(e)) {
                return List.of();
            }
            throw S3Failures.translate("ListParts", bucket, key, e);
        }
        List<UploadJournal.Part> kept = new ArrayList<>();
        for (S3Listings.ListedPart part : listed) {
            int n = part.number();
            if (n < 1 || n > plan.partCount() || part.size() != plan.length(n)) {
                continue;
            }
            SliceDigest digest = SliceDigest.of(file, plan.offset(n), plan.length(n));
            if (digest.md5().equals(part.etag())) {
                kept.add(new UploadJournal.Part(n, part.size(), part.etag(), digest.md5(), digest.sha256()));
            }
        }
        return kept;
    }
}
