package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinRecordsTest {
    @TempDir
    Path dir;

    private static Cid cid(int i) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("pin " + i).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pinsAndRemovalsSurviveReopening() throws IOException {
        try (PinRecords r = PinRecords.open(dir)) {
            r.put(cid(1), PinMode.RECURSIVE);
            r.put(cid(2), PinMode.DIRECT);
            r.put(cid(3), PinMode.DIRECT);
            r.put(cid(3), PinMode.RECURSIVE); // replaces
            assertThat(r.remove(cid(2))).isTrue();
            assertThat(r.remove(cid(2))).isFalse();
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).isEqualTo(Map.of(cid(1), PinMode.RECURSIVE, cid(3), PinMode.RECURSIVE));
        }
    }

    /** The journal's put records in file order (the test fails on a remove record: a rewrite keeps none). */
    private List<Cid> journalPuts() throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve(PinRecords.JOURNAL)));
        List<Cid> puts = new ArrayList<>();
        while (buf.hasRemaining()) {
            byte op = buf.get();
            buf.get();
            byte[] cid = new byte[Short.toUnsignedInt(buf.getShort())];
            buf.get(cid);
            buf.getInt();
            assertThat(op).as("a rewritten journal holds no unpin records").isEqualTo((byte) 1);
            puts.add(Cid.decode(cid));
        }
        return puts;
    }

    /**
     * A bulk pinning writes records in the order the pins came; once nothing changed for the quiet time the journal
     * is rewritten in CID order with only its live pins, so the next start appends instead of inserting at random
     * places. What it holds does not change.
     */
    @Test
    void aQuietJournalIsRewrittenInCidOrder() throws IOException {
        Map<Cid, PinMode> model = new HashMap<>();
        List<Cid> ascending = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            ascending.add(cid(i));
        }
        ascending.sort(null);
        List<java.util.concurrent.CompletableFuture<Void>> writes = new ArrayList<>();
        try (PinRecords r = PinRecords.open(dir)) { // 20,000 in order: nothing to sort
            for (Cid c : ascending.subList(0, 20_000)) {
                writes.add(r.putAsync(c, PinMode.RECURSIVE));
                model.put(c, PinMode.RECURSIVE);
            }
            writes.forEach(java.util.concurrent.CompletableFuture::join);
            assertThat(r.rewrites()).isZero();
        }
        try (PinRecords r = PinRecords.open(dir, PinRecords.ChannelOpener.FILES,
                java.time.Duration.ofMillis(200))) {
            for (int i = 24_999; i >= 20_000; i--) { // 5,000 out of order
                Cid c = ascending.get(i);
                writes.add(r.putAsync(c, PinMode.DIRECT));
                model.put(c, PinMode.DIRECT);
            }
            for (int i = 0; i < 25_000; i += 250) {
                assertThat(r.remove(ascending.get(i))).isTrue();
                model.remove(ascending.get(i));
            }
            writes.forEach(java.util.concurrent.CompletableFuture::join);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> r.rewrites() > 0);
            assertThat(journalPuts()).isSorted().doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(model.keySet());
            r.put(cid(30_000), PinMode.DIRECT); // the rewritten journal takes changes
            model.put(cid(30_000), PinMode.DIRECT);
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).isEqualTo(model);
        }
    }

    /**
     * Pinning that never pauses: the journal is sorted again as the set grows, while changes keep coming from several
     * threads; every change queued during a rewrite lands after it, so reopening gives exactly what was written.
     */
    @Test
    void changesMadeWhileTheJournalIsRewrittenAreKept() throws Exception {
        int threads = 4;
        int perThread = 8000;
        List<Map<Cid, PinMode>> models = new ArrayList<>();
        try (PinRecords r = PinRecords.open(dir, PinRecords.ChannelOpener.FILES,
                java.time.Duration.ofHours(1))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<java.util.concurrent.CompletableFuture<?>>>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Map<Cid, PinMode> model = new HashMap<>();
                    models.add(model);
                    int base = t * perThread;
                    done.add(pool.submit(() -> {
                        List<java.util.concurrent.CompletableFuture<?>> writes = new ArrayList<>();
                        java.util.Random rnd = new java.util.Random(base);
                        for (int i = 0; i < perThread; i++) {
                            Cid c = cid(base + rnd.nextInt(perThread)); // this thread's own CIDs, some again
                            if (rnd.nextInt(5) == 0) {
                                writes.add(r.putAsync(c, PinMode.DIRECT));
                                model.put(c, PinMode.DIRECT);
                            } else if (rnd.nextInt(20) == 0) {
                                r.remove(c); // waits for its record: removals are few
                                model.remove(c);
                            } else {
                                writes.add(r.putAsync(c, PinMode.RECURSIVE));
                                model.put(c, PinMode.RECURSIVE);
                            }
                        }
                        return writes;
                    }));
                }
                for (Future<List<java.util.concurrent.CompletableFuture<?>>> f : done) {
                    f.get().forEach(java.util.concurrent.CompletableFuture::join);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(r.rewrites()).as("the growing set was sorted while the writers ran").isPositive();
        }
        Map<Cid, PinMode> expected = new HashMap<>();
        models.forEach(expected::putAll);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).isEqualTo(expected);
        }
    }

    @Test
    void theRecordedCidObjectIsSharedAndTheRootsComeInCidOrderWithoutACopy() throws IOException {
        try (PinRecords r = PinRecords.open(dir)) {
            for (int i = 40; i > 0; i--) {
                r.put(cid(i), PinMode.RECURSIVE);
            }
            Cid recorded = cid(7);
            r.put(recorded, PinMode.DIRECT); // a second record of the same CID
        }
        try (PinRecords r = PinRecords.open(dir)) {
            Cid asked = cid(7);
            Cid held = r.recordedInstance(asked);
            assertThat(held).isEqualTo(asked).isNotSameAs(asked); // the one decoded from the journal
            assertThat(r.recordedInstance(cid(7))).isSameAs(held);
            Cid notPinned = cid(99);
            assertThat(r.recordedInstance(notPinned)).isSameAs(notPinned);
            List<Cid> walked = new ArrayList<>();
            r.cids().forEachRemaining(walked::add);
            assertThat(walked).hasSize(40).isSorted();
        }
    }

    @Test
    void aTornTailIsCutAndTheWholeRecordsBeforeItAreKept() throws IOException {
        try (PinRecords r = PinRecords.open(dir)) {
            r.put(cid(1), PinMode.RECURSIVE);
            r.put(cid(2), PinMode.DIRECT);
        }
        Path journal = dir.resolve(PinRecords.JOURNAL);
        long whole = Files.size(journal);
        byte[] bytes = Files.readAllBytes(journal);
        // A third record torn by a crash: its first half only.
        Files.write(journal, java.util.Arrays.copyOfRange(bytes, 0, (int) whole / 2 - 3), StandardOpenOption.APPEND);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).isEqualTo(Map.of(cid(1), PinMode.RECURSIVE, cid(2), PinMode.DIRECT));
            assertThat(Files.size(journal)).isEqualTo(whole);
            r.put(cid(4), PinMode.DIRECT); // appends after the cut, readable again
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).containsOnlyKeys(cid(1), cid(2), cid(4));
        }
    }

    @Test
    void aRecordWithABadChecksumEndsTheReplay() throws IOException {
        try (PinRecords r = PinRecords.open(dir)) {
            r.put(cid(1), PinMode.RECURSIVE);
            r.put(cid(2), PinMode.RECURSIVE);
        }
        Path journal = dir.resolve(PinRecords.JOURNAL);
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 1] ^= 0x55; // last record's CRC
        Files.write(journal, bytes);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).containsOnlyKeys(cid(1));
        }
    }

    @Test
    void aDamagedRecordInTheMiddleIsReportedAndTheRecordsAfterItAreKept() throws IOException {
        try (PinRecords r = PinRecords.open(dir)) {
            for (int i = 1; i <= 6; i++) {
                r.put(cid(i), PinMode.RECURSIVE);
            }
            r.remove(cid(5));
        }
        Path journal = dir.resolve(PinRecords.JOURNAL);
        byte[] bytes = Files.readAllBytes(journal);
        int record = bytes.length / 7;
        bytes[2 * record + record / 2] ^= 0x55; // inside the third record (cid 3)
        Files.write(journal, bytes);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.damage()).contains("damaged bytes").contains(journal.toString());
            assertThat(r.snapshot()).as("every record but the damaged one, the unpin after it included")
                    .isEqualTo(Map.of(cid(1), PinMode.RECURSIVE, cid(2), PinMode.RECURSIVE, cid(4), PinMode.RECURSIVE,
                            cid(6), PinMode.RECURSIVE));
            r.put(cid(7), PinMode.DIRECT);
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.damage()).as("the journal was rewritten without the damage").isNull();
            assertThat(r.snapshot()).containsOnlyKeys(cid(1), cid(2), cid(4), cid(6), cid(7));
        }
    }

    @Test
    void aFailedWriteFailsItsChangesOnlyAndTheJournalTakesChangesAgainWhenSpaceReturns() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        PinRecords.ChannelOpener opener = file -> new FullDiskChannel(PinRecords.ChannelOpener.FILES.open(file), full);
        try (PinRecords r = PinRecords.open(dir, opener)) {
            r.put(cid(1), PinMode.RECURSIVE);
            full.set(true);
            assertThatThrownBy(() -> r.put(cid(2), PinMode.RECURSIVE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot write the pin journal").hasMessageContaining("No space left");
            assertThat(r.get(cid(2))).as("a pin that is not on disk is not shown").isEmpty();
            assertThat(r.lastWriteFailure()).isNotNull();
            assertThatThrownBy(() -> r.remove(cid(1))).isInstanceOf(IOException.class);
            assertThat(r.get(cid(1))).as("an unpin that is not on disk is not shown").contains(PinMode.RECURSIVE);

            full.set(false);
            r.put(cid(2), PinMode.RECURSIVE); // retried: no reopen needed
            r.put(cid(3), PinMode.DIRECT);
            assertThat(r.lastWriteFailure()).isNull();
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.damage()).isNull();
            assertThat(r.snapshot()).as("everything acknowledged, nothing torn")
                    .isEqualTo(Map.of(cid(1), PinMode.RECURSIVE, cid(2), PinMode.RECURSIVE, cid(3), PinMode.DIRECT));
        }
    }

    @Test
    void churnIsCompactedAwayAndTheLiveSetIsKept() throws IOException {
        Map<Cid, PinMode> expected = new HashMap<>();
        try (PinRecords r = PinRecords.open(dir)) {
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 1000; i++) {
                    r.put(cid(i), PinMode.RECURSIVE);
                }
                for (int i = 0; i < 1000; i += 2) {
                    r.remove(cid(i));
                }
            }
            for (int i = 1; i < 1000; i += 2) {
                expected.put(cid(i), PinMode.RECURSIVE);
            }
            assertThat(r.snapshot()).isEqualTo(expected);
        }
        // 30 000 records written; 500 live. Without compaction the journal would be ~30 000 records long.
        long recordBytes = Files.size(dir.resolve(PinRecords.JOURNAL)) / (4 + cid(0).byteLength() + 4);
        assertThat(recordBytes).isLessThan(3 * 4096);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.snapshot()).isEqualTo(expected);
        }
    }

    @Test
    void concurrentWritersAllLandDurably() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (PinRecords r = PinRecords.open(dir)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        r.put(cid(base + i), (i & 1) == 0 ? PinMode.RECURSIVE : PinMode.DIRECT);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(r.size()).isEqualTo(2400);
        } finally {
            pool.shutdownNow();
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.size()).isEqualTo(2400);
            assertThat(r.get(cid(7 * 1000 + 1))).hasValue(PinMode.DIRECT);
            assertThat(r.get(cid(3 * 1000 + 298))).hasValue(PinMode.RECURSIVE);
        }
    }

    @Test
    void asynchronousPutsAreVisibleAtOnceAndDurableWhenTheirFuturesComplete() throws Exception {
        List<java.util.concurrent.CompletableFuture<Void>> durable = new ArrayList<>();
        try (PinRecords r = PinRecords.open(dir)) {
            for (int i = 0; i < 5000; i++) {
                durable.add(r.putAsync(cid(i), PinMode.RECURSIVE));
                assertThat(r.get(cid(i))).hasValue(PinMode.RECURSIVE); // counted for GC before the fsync
            }
            r.remove(cid(17)); // a synchronous change queued behind them waits for its own record only
            java.util.concurrent.CompletableFuture.allOf(durable.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get();
        }
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.size()).isEqualTo(4999);
            assertThat(r.get(cid(17))).isEmpty();
            assertThat(r.get(cid(4999))).hasValue(PinMode.RECURSIVE);
        }
    }

    @Test
    void closeWritesWhatWasQueuedAndLaterChangesAreRefused() throws Exception {
        PinRecords r = PinRecords.open(dir);
        java.util.concurrent.CompletableFuture<Void> last = null;
        for (int i = 0; i < 1000; i++) {
            last = r.putAsync(cid(i), PinMode.DIRECT);
        }
        r.close();
        assertThat(last).isCompleted();
        assertThat(last.isCompletedExceptionally()).isFalse();
        assertThat(r.putAsync(cid(5000), PinMode.DIRECT)).isCompletedExceptionally();
        try (PinRecords reopened = PinRecords.open(dir)) {
            assertThat(reopened.size()).isEqualTo(1000);
        }
    }

    @Test
    void pinFilesOfTheEarlierLayoutAreTakenOver() throws IOException {
        Files.createDirectories(dir);
        Path legacy = dir.resolve(Multibase.BASE32.encodeRaw(cid(9).bytes()) + ".pin");
        Files.writeString(legacy, "DIRECT", StandardCharsets.US_ASCII);
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.get(cid(9))).hasValue(PinMode.DIRECT);
        }
        assertThat(legacy).doesNotExist();
        try (PinRecords r = PinRecords.open(dir)) {
            assertThat(r.get(cid(9))).hasValue(PinMode.DIRECT);
        }
    }
}
