package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/** The object store's single-request path, ranged reads and catalogue operations, against S3Mock. */
@ExtendWith(S3MockExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArchiveObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void smallArchiveGoesInOnePutObjectAndIsVerified(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        Path spool = dir.resolve("small.car");
        String sha256 = TestArchives.write(spool, 1000, 10);

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            StoredObject stored = store.put("archives/small.car", spool);

            assertThat(stored.parts()).isEqualTo(1);
            assertThat(stored.sha256()).isEqualTo(sha256);
            assertThat(stored.etag()).as("a plain MD5: no multipart upload").doesNotContain("-");
            assertThat(stored.readBack()).isTrue();
            assertThat(store.pendingUploads("")).isEmpty();
            assertThat(UploadJournal.beside(spool)).as("no journal for one request").doesNotExist();
            ObjectInfo head = store.head("archives/small.car").orElseThrow();
            assertThat(head.size()).isEqualTo(1000);
            assertThat(head.sha256()).isEqualTo(Optional.of(sha256));
            assertThat(store.read("archives/small.car", new ByteRange(0, 999))).isEqualTo(Files.readAllBytes(spool));
        }
    }

    @Test
    void digestsComputedWhileSpoolingSpareTheSecondReadAndAreStillChecked(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            for (long size : new long[] {1000, 2 * S3StoreConfig.MIN_PART_SIZE + 17}) {
                Path spool = dir.resolve("known-" + size + ".car");
                String sha256 = TestArchives.write(spool, size, size);
                UploadDigests known = digestsWhileWriting(store, spool, sha256);

                StoredObject stored = store.put("known/" + size + ".car", spool, known, UploadProgress.NONE);

                assertThat(stored.sha256()).isEqualTo(sha256);
                assertThat(stored.parts()).isEqualTo(size < S3StoreConfig.MIN_PART_SIZE ? 1 : 3);
                assertThat(stored.readBack()).as("read back whole through our SHA-256").isTrue();
                assertThat(store.head("known/" + size + ".car").orElseThrow().sha256()).contains(sha256);
                assertThat(store.putUnlessStored("known/" + size + ".car", spool, known, UploadProgress.NONE)
                        .partsSentNow()).as("already there: nothing sent").isZero();
            }

            // digests that are not the file's (it changed after spooling): the store's Content-MD5 check refuses
            Path spool = dir.resolve("changed.car");
            String sha256 = TestArchives.write(spool, 1000, 1);
            UploadDigests known = digestsWhileWriting(store, spool, sha256);
            TestArchives.write(spool, 1000, 2);
            assertThatThrownBy(() -> store.put("known/changed.car", spool, known, UploadProgress.NONE))
                    .isInstanceOf(ObjectStoreException.class).hasMessageContaining("Content-MD5"); // AWS: BadDigest
            assertThat(store.head("known/changed.car")).isEmpty();
            assertThatThrownBy(() -> store.put("known/short.car", dir.resolve("known-1000.car"),
                    digestsWhileWriting(store, dir.resolve(
                            "known-" + (2 * S3StoreConfig.MIN_PART_SIZE + 17) + ".car"), null), UploadProgress.NONE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSmallObjectFromMemoryIsStoredWithItsTags(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        byte[] data = "a sidecar".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            StoredObject stored = store.putSmall("small/x.manifest", data);

            ObjectInfo head = store.head("small/x.manifest").orElseThrow();
            assertThat(head.etag()).isEqualTo(stored.etag());
            assertThat(head.sha256()).contains(TestArchives.sha256(data));
            assertThat(store.read("small/x.manifest", ByteRange.ofLength(0, data.length))).isEqualTo(data);
        }
    }

    /** What the archiver does: the digests of the bytes on their way to the file (here, read from it). */
    private static UploadDigests digestsWhileWriting(ArchiveObjectStore store, Path file, String sha256)
            throws IOException {
        DigestingOutputStream digesting = store.digesting(java.io.OutputStream.nullOutputStream());
        digesting.write(Files.readAllBytes(file));
        return digesting.digests(sha256 != null ? sha256 : SliceDigest.of(file, 0, Files.size(file)).sha256());
    }

    @Test
    void rangedReadsReturnExactlyTheRangeUpToTheLastByte(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        Path spool = dir.resolve("ranges.car");
        TestArchives.write(spool, 1000, 11);
        byte[] bytes = Files.readAllBytes(spool);
        String key = "archives/ranges.car";

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            store.put(key, spool);

            assertThat(store.read(key, new ByteRange(0, 0))).containsExactly(bytes[0]);
            assertThat(store.read(key, new ByteRange(10, 19))).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
            assertThat(store.read(key, new ByteRange(999, 999))).as("the last byte").containsExactly(bytes[999]);
            assertThat(store.read(key, ByteRange.ofLength(500, 500))).isEqualTo(Arrays.copyOfRange(bytes, 500, 1000));
            String etag = store.head(key).orElseThrow().etag();
            assertThat(store.read(key, new ByteRange(1, 2), etag)).isEqualTo(Arrays.copyOfRange(bytes, 1, 3));
            assertThatThrownBy(() -> store.read(key, new ByteRange(1, 2), "0".repeat(32)))
                    .isInstanceOfSatisfying(ObjectStoreException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(412))
                    .hasMessageContaining(key);
        }
    }

    @Test
    void rangesPastTheEndAndMissingObjectsFailClearly(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        Path spool = dir.resolve("short.car");
        TestArchives.write(spool, 1000, 12);
        String key = "archives/short.car";

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            store.put(key, spool);

            assertThatThrownBy(() -> store.read(key, new ByteRange(1000, 1000)))
                    .isInstanceOfSatisfying(RangeNotSatisfiableException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("InvalidRange");
                        assertThat(e.httpStatus()).isEqualTo(416);
                        assertThat(e.key()).isEqualTo(key);
                    })
                    .hasMessageContaining(key).hasMessageContaining("bytes=1000-1000")
                    .hasMessageContaining("InvalidRange");
            assertThatThrownBy(() -> store.read(key, new ByteRange(990, 1009)))
                    .isInstanceOfSatisfying(RangeNotSatisfiableException.class,
                            e -> assertThat(e.objectSize()).isEqualTo(1000))
                    .hasMessageContaining(key).hasMessageContaining("got 10 bytes, the object has 1000");
            assertThatThrownBy(() -> store.read("archives/missing.car", new ByteRange(0, 9)))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("NoSuchKey");
                        assertThat(e.httpStatus()).isEqualTo(404);
                    })
                    .hasMessageContaining("archives/missing.car").hasMessageContaining(bucket);
            assertThatThrownBy(() -> new ByteRange(5, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("end at or after its start");
        }
    }

    @Test
    void listPagesThroughEveryObjectAndDeleteRemoves(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        Path spool = dir.resolve("listed.car");
        TestArchives.write(spool, 100, 13);

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            for (int i = 0; i < 5; i++) {
                store.put("list/" + i + ".car", spool);
            }
            store.put("elsewhere/x.car", spool);

            // Pages of two: three pages for five objects.
            assertThat(store.list("list/")).extracting(ObjectInfo::key)
                    .containsExactly("list/0.car", "list/1.car", "list/2.car", "list/3.car", "list/4.car");
            assertThat(store.list("")).hasSize(6);

            store.delete("list/2.car");
            store.delete("list/never-was.car");
            assertThat(store.list("list/")).hasSize(4);
            assertThat(store.head("list/2.car")).isEmpty();
        }
    }

    @Test
    void abortsOnlyUploadsStartedBeforeTheCutoff(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        for (String key : List.of("orphans/a.car", "orphans/b.car", "kept/c.car")) {
            server.admin().createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .build());
        }

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            assertThat(store.abortUploadsStartedBefore("orphans/", Instant.EPOCH)).isEmpty();
            assertThat(store.pendingUploads("")).hasSize(3);

            List<PendingUpload> aborted = store.abortUploadsStartedBefore("orphans/", Instant.now().plusSeconds(60));

            assertThat(aborted).extracting(PendingUpload::key).containsExactlyInAnyOrder("orphans/a.car",
                    "orphans/b.car");
            assertThat(store.pendingUploads("")).extracting(PendingUpload::key).containsExactly("kept/c.car");
        }
    }

    @Test
    void sdkChecksumDefaultsWorkOnAStoreThatSupportsThem(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        Path small = dir.resolve("crc-small.car");
        Path large = dir.resolve("crc-large.car");
        String smallSha = TestArchives.write(small, 4096, 14);
        String largeSha = TestArchives.write(large, S3StoreConfig.MIN_PART_SIZE + 4096, 15);

        // CRC32 trailers in aws-chunked bodies, as the SDK sends by default since 2.30: S3Mock decodes them.
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket).withSdkChecksumDefaults())) {
            assertThat(store.put("archives/crc-small.car", small).sha256()).isEqualTo(smallSha);
            StoredObject multipart = store.put("archives/crc-large.car", large);
            assertThat(multipart.parts()).isEqualTo(2);
            assertThat(multipart.sha256()).isEqualTo(largeSha);
        }
    }

    @Test
    void theSecretIsInNoLogLineAndNoErrorMessage(S3MockServer server) throws IOException {
        String secret = S3MockServer.SECRET.reveal();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        List<Logger> watched = List.of((Logger) LoggerFactory.getLogger("io.pincluster.cold"),
                (Logger) LoggerFactory.getLogger("software.amazon.awssdk"));
        List<Level> levels = watched.stream().map(Logger::getLevel).toList();
        watched.forEach(l -> {
            l.addAppender(logged);
            l.setLevel(Level.DEBUG);
        });
        String bucket = server.createBucket();
        Path spool = dir.resolve("secret.car");
        TestArchives.write(spool, 2000, 16);
        S3StoreConfig config = server.config(bucket);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(config)) {
            store.put("archives/secret.car", spool);
            store.read("archives/secret.car", new ByteRange(0, 9));
            Throwable missing = catchAny(() -> store.read("archives/missing.car", new ByteRange(0, 9)));
            assertThat(missing).hasMessageNotContaining(secret);
        } finally {
            for (int i = 0; i < watched.size(); i++) {
                watched.get(i).detachAppender(logged);
                watched.get(i).setLevel(levels.get(i));
            }
        }
        try (ArchiveObjectStore noBucket = ArchiveObjectStore.open(server.config("no-such-bucket-here"))) {
            Throwable failure = catchAny(() -> noBucket.put("archives/secret.car", spool));
            assertThat(failure).isInstanceOf(ObjectStoreException.class).hasMessageNotContaining(secret);
        }

        assertThat(config.toString()).contains("secretAccessKey=<redacted>").doesNotContain(secret);
        assertThat(logged.list).as("something was logged").isNotEmpty();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(secret));
        assertThat(logged.list).filteredOn(e -> e.getThrowableProxy() != null)
                .extracting(e -> ThrowableProxyUtil.asString(e.getThrowableProxy()))
                .noneMatch(t -> t.contains(secret));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("S3 client for") && m.contains("<redacted>"));
    }

    private static Throwable catchAny(ThrowingCall call) {
        try {
            call.run();
            throw new AssertionError("expected a failure");
        } catch (Exception e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
