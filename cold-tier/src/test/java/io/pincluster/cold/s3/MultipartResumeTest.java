package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * Multipart uploads cut off part-way, against a real S3-protocol server (S3Mock): by killing the uploading process,
 * by losing the journal, by the store forgetting the upload, and after the object was already completed. Every
 * case must end in exactly one object with the archive's length and SHA-256 and no open upload.
 */
@ExtendWith(S3MockExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MultipartResumeTest {
    private static final long PART = S3StoreConfig.MIN_PART_SIZE;
    /** Five parts: four full ones and a short last one. */
    private static final long SIZE = 4 * PART + 123_457;

    @TempDir
    Path dir;

    @Test
    void crashInTheMiddleOfAMultipartUploadResumesToOneCompleteVerifiedObject(S3MockServer server)
            throws Exception {
        String bucket = server.createBucket();
        String key = "archives/crash.car";
        Path spool = dir.resolve("crash.car");
        String sha256 = TestArchives.write(spool, SIZE, 1);
        Path journal = UploadJournal.beside(spool);
        Path childLog = dir.resolve("child.log");

        Process child = new ProcessBuilder(S3MockServer.javaCommand(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                InterruptedUploadMain.class.getName(), server.endpoint().toString(), bucket, key, spool.toString(),
                "2").redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        try {
            await("two parts journaled by the child").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> journaledParts(journal) >= 2 || !child.isAlive());
            assertThat(child.isAlive()).as("child still uploading; its output:\n%s", S3MockServer.tail(childLog))
                    .isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(S3MockServer.tail(childLog)).doesNotContain("completed");

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            assertThat(store.pendingUploads(key)).as("the killed upload is still open").hasSize(1);
            assertThat(store.head(key)).as("no object before the resume").isEmpty();

            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            StoredObject stored = store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).as("parts 1 and 2 are kept from the killed run").containsExactly(3, 4, 5);
            assertThat(stored.parts()).isEqualTo(5);
            assertThat(stored.readBack()).isTrue();
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
        assertThat(journal).as("journal removed after the verified upload").doesNotExist();
    }

    @Test
    void lostJournalAdoptsTheOpenUploadHoldingOurParts(S3MockServer server) throws Exception {
        String bucket = server.createBucket();
        String key = "archives/lost-journal.car";
        Path spool = dir.resolve("lost.car");
        String sha256 = TestArchives.write(spool, SIZE, 2);

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            crashAfterPart(store, key, spool, 2);
            Files.delete(UploadJournal.beside(spool));
            // An upload of a longer key with the same prefix, which a prefix listing returns too. (A second open
            // upload of the same key cannot be part of this test: aborting it breaks ours on S3Mock, see 0016;
            // anOpenUploadWithoutOurPartsIsAbortedAndStartedOver covers aborting one.)
            String otherKey = key + ".other";
            server.admin().createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(otherKey)
                    .build());
            assertThat(store.pendingUploads(key)).hasSize(2);

            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            StoredObject stored = store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).as("parts 1 and 2 adopted from the store by their MD5").containsExactly(3, 4, 5);
            assertThat(stored.partsSentNow()).isEqualTo(3);
            assertThat(store.pendingUploads(key)).extracting(PendingUpload::key)
                    .as("another key's upload is not ours to abort")
                    .containsExactly(otherKey);
            store.abortUploadsStartedBefore(otherKey, Instant.now().plusSeconds(60));
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
    }

    @Test
    void anOpenUploadWithoutOurPartsIsAbortedAndStartedOver(S3MockServer server) throws Exception {
        String bucket = server.createBucket();
        String key = "archives/foreign-upload.car";
        Path spool = dir.resolve("foreign.car");
        String sha256 = TestArchives.write(spool, SIZE, 6);
        server.admin().createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key).build());

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).containsExactly(1, 2, 3, 4, 5);
            // Started over: the object carries our SHA-256 tag, which the foreign upload could not have given it.
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
    }

    @Test
    void uploadTheStoreNoLongerKnowsStartsOver(S3MockServer server) throws Exception {
        String bucket = server.createBucket();
        String key = "archives/aborted.car";
        Path spool = dir.resolve("aborted.car");
        String sha256 = TestArchives.write(spool, SIZE, 3);

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            crashAfterPart(store, key, spool, 3);
            String uploadId = UploadJournal.read(UploadJournal.beside(spool)).orElseThrow().uploadId();
            server.admin().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).build());

            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).as("NoSuchUpload: every part again").containsExactly(1, 2, 3, 4, 5);
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
    }

    @Test
    void crashAfterCompleteCountsAsDone(S3MockServer server) throws Exception {
        String bucket = server.createBucket();
        String key = "archives/completed.car";
        Path spool = dir.resolve("completed.car");
        String sha256 = TestArchives.write(spool, SIZE, 4);
        Path journal = UploadJournal.beside(spool);
        Path journalBeforeComplete = dir.resolve("journal-copy");

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            crashAfterPart(store, key, spool, 5);
            // What a crash between CompleteMultipartUpload and the journal's removal leaves: a full journal.
            Files.copy(journal, journalBeforeComplete);
            store.put(key, spool);
            assertThat(journal).doesNotExist();
            Files.copy(journalBeforeComplete, journal, StandardCopyOption.REPLACE_EXISTING);

            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            StoredObject stored = store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).isEmpty();
            assertThat(stored.partsSentNow()).isZero();
            assertThat(journal).doesNotExist();
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
    }

    @Test
    void damagedJournalIsRecoveredFromTheStoresListing(S3MockServer server) throws Exception {
        String bucket = server.createBucket();
        String key = "archives/damaged-journal.car";
        Path spool = dir.resolve("damaged.car");
        String sha256 = TestArchives.write(spool, SIZE, 5);
        Path journal = UploadJournal.beside(spool);

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            crashAfterPart(store, key, spool, 2);
            List<String> lines = Files.readAllLines(journal);
            lines.set(1, lines.get(1).replace("object", "objekt"));
            Files.write(journal, lines);

            List<Integer> sentNow = new CopyOnWriteArrayList<>();
            store.put(key, spool, (k, part, parts) -> sentNow.add(part));

            assertThat(sentNow).containsExactly(3, 4, 5);
            assertOneCompleteObject(store, key, SIZE, sha256);
        }
    }

    private static void crashAfterPart(ArchiveObjectStore store, String key, Path spool, int part) {
        try {
            store.put(key, spool, SimulatedCrash.after(part));
            throw new AssertionError("the upload should have crashed after part " + part);
        } catch (SimulatedCrash expected) {
            // The upload is open and journaled, as after a real crash.
        } catch (IOException e) {
            throw new AssertionError("the upload failed before the simulated crash", e);
        }
    }

    /** Exactly one object under the key's folder, with this length and SHA-256 read back, and no open upload. */
    private static void assertOneCompleteObject(ArchiveObjectStore store, String key, long size, String sha256)
            throws IOException {
        assertThat(store.list("archives/")).extracting(ObjectInfo::key).containsExactly(key);
        ObjectInfo head = store.head(key).orElseThrow();
        assertThat(head.size()).isEqualTo(size);
        assertThat(head.sha256()).isEqualTo(Optional.of(sha256));
        assertThat(head.etag()).as("a multipart ETag").endsWith("-5");
        assertThat(TestArchives.sha256(store.read(key, ByteRange.ofLength(0, size)))).isEqualTo(sha256);
        assertThat(store.pendingUploads("")).as("no open multipart upload left").isEmpty();
    }

    private static int journaledParts(Path journal) {
        try {
            return UploadJournal.read(journal).map(s -> s.parts().size()).orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
