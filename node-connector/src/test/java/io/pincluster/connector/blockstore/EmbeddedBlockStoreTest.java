package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.block.BlockTooLargeException;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.block.StorageFullException;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.testing.BlockUniverse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBlockStoreTest {
    @TempDir
    Path dir;

    private EmbeddedBlockStore open(BlockStoreConfig config) throws IOException {
        return EmbeddedBlockStore.open(config, new DagPbLinkReader());
    }

    private EmbeddedBlockStore open() throws IOException {
        return open(BlockStoreConfig.defaults(dir));
    }

    private static Cid raw(byte[] b) {
        return Cid.v1(Codec.RAW, Multihash.sha256(b));
    }

    @Test
    void putGetHasDeleteRoundTrip() throws IOException {
        byte[] block = "hello world".getBytes(StandardCharsets.UTF_8);
        Cid cid = raw(block);
        try (EmbeddedBlockStore store = open()) {
            assertThat(store.has(cid)).isFalse();
            assertThatThrownBy(() -> store.get(cid)).isInstanceOf(BlockNotFoundException.class);
            store.put(cid, block);
            store.put(cid, block);
            assertThat(store.has(cid)).isTrue();
            assertThat(store.get(cid)).isEqualTo(block);
            assertThat(store.size(cid)).hasValue(block.length);
            assertThat(store.stats()).isEqualTo(new StoreStats(block.length, BlockStoreConfig.DEFAULT_STORAGE_MAX, 1));
            assertThat(store.keys()).toIterable().containsExactly(cid.multihash());
            assertThat(store.delete(cid)).isTrue();
            assertThat(store.delete(cid)).isFalse();
            assertThat(store.has(cid)).isFalse();
            assertThat(store.size(cid)).isEmpty();
            assertThat(store.stats().repoSize()).isZero();
        }
    }

    @Test
    void pinnedCidObjectsAreHandedOutInOrderAndOutOfOrder() throws IOException {
        List<Cid> pinned = new ArrayList<>();
        try (EmbeddedBlockStore store = open()) {
            for (int i = 0; i < 50; i++) {
                byte[] block = ("pinned " + i).getBytes(StandardCharsets.UTF_8);
                Cid cid = raw(block);
                store.put(cid, block);
                store.pin(cid, PinMode.DIRECT);
                pinned.add(cid);
            }
        }
        pinned.sort(null);
        try (EmbeddedBlockStore store = open()) { // the records now hold CIDs decoded from the journal
            UnaryOperator<Cid> inOrder = store.pinnedInstancesInOrder();
            for (int i = 0; i < pinned.size(); i += 2) { // every other one, ascending, with an unpinned CID between
                Cid asked = Cid.decode(pinned.get(i).bytes());
                Cid held = inOrder.apply(asked);
                assertThat(held).isEqualTo(asked).isNotSameAs(asked).isSameAs(store.pinnedInstance(asked));
                Cid unpinned = raw(("not pinned " + i).getBytes(StandardCharsets.UTF_8));
                if (unpinned.compareTo(asked) > 0) {
                    assertThat(inOrder.apply(unpinned)).isSameAs(unpinned);
                }
            }
            Cid first = Cid.decode(pinned.get(1).bytes()); // below the last one asked: looked up
            assertThat(inOrder.apply(first)).isEqualTo(first).isNotSameAs(first)
                    .isSameAs(store.pinnedInstance(first));
            Cid unpinned = raw("never pinned".getBytes(StandardCharsets.UTF_8));
            assertThat(store.pinnedInstancesInOrder().apply(unpinned)).isSameAs(unpinned);
        }
    }

    @Test
    void pinsReadLaterTakeTheCidObjectsTheyAreGiven() throws IOException {
        List<Cid> pinned = pinSome(20);
        Map<Cid, Cid> pinsetsOwn = new HashMap<>(); // equal CIDs, other objects: what a loaded pinset holds
        pinned.forEach(cid -> pinsetsOwn.put(cid, Cid.decode(cid.bytes())));
        try (EmbeddedBlockStore store = EmbeddedBlockStore.openReadingPinsLater(BlockStoreConfig.defaults(dir),
                new DagPbLinkReader())) {
            assertThat(store.writeProblem()).isEmpty(); // readiness asks at once: it neither waits nor reads
            assertThat(store.pinsRead()).isFalse();
            store.readPins(cid -> pinsetsOwn.getOrDefault(cid, cid)).join();
            assertThat(store.pinsRead()).isTrue();
            assertThat(store.pinCount()).isEqualTo(pinned.size());
            for (Cid cid : pinned) {
                assertThat(store.pinMode(cid)).hasValue(PinMode.DIRECT);
                assertThat(store.pinnedInstance(cid)).isSameAs(pinsetsOwn.get(cid));
            }
        }
    }

    @Test
    void pinsNeededBeforeAnyoneReadsThemAreReadOnFirstUse() throws IOException {
        List<Cid> pinned = pinSome(5);
        try (EmbeddedBlockStore store = EmbeddedBlockStore.openReadingPinsLater(BlockStoreConfig.defaults(dir),
                new DagPbLinkReader())) {
            assertThat(store.pinMode(pinned.get(0))).hasValue(PinMode.DIRECT);
            assertThat(store.pinsRead()).isTrue();
            store.readPins(UnaryOperator.identity()).join(); // already read: nothing more
            assertThat(store.pinnedRoots()).containsExactlyElementsOf(pinned.stream().sorted().toList());
        }
    }

    @Test
    void pinsThatCannotBeReadLaterAreAWriteProblemAndFailTheirUsers() throws IOException {
        pinSome(1);
        Files.writeString(dir.resolve("pins").resolve("not-a-cid.pin"), "RECURSIVE"); // an earlier layout's record
        try (EmbeddedBlockStore store = EmbeddedBlockStore.openReadingPinsLater(BlockStoreConfig.defaults(dir),
                new DagPbLinkReader())) {
            assertThatThrownBy(() -> store.readPins(UnaryOperator.identity()).join())
                    .hasCauseInstanceOf(BlockStoreException.class);
            assertThat(store.writeProblem()).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("cannot be read").contains("not-a-cid.pin"));
            assertThatThrownBy(() -> store.pinMode(raw(new byte[] {1}))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot be read");
        }
        assertThatThrownBy(this::open).isInstanceOf(BlockStoreException.class).hasMessageContaining("not-a-cid.pin");
    }

    /** Stores and pins {@code n} raw blocks in a store opened and closed here; returns their CIDs. */
    private List<Cid> pinSome(int n) throws IOException {
        List<Cid> pinned = new ArrayList<>();
        try (EmbeddedBlockStore store = open()) {
            for (int i = 0; i < n; i++) {
                byte[] block = ("pinned early " + i).getBytes(StandardCharsets.UTF_8);
                Cid cid = raw(block);
                store.put(cid, block);
                store.pin(cid, PinMode.DIRECT);
                pinned.add(cid);
            }
        }
        return pinned;
    }

    @Test
    void usesKuboFlatfsFileNamesSoV0AndV1ShareOneFile() throws IOException {
        // The empty UnixFS directory every Kubo repo holds, at its well-known flatfs path.
        byte[] emptyDir = HexFormat.of().parseHex("0a020801");
        Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        try (EmbeddedBlockStore store = open()) {
            store.put(v0, emptyDir);
            Path file = dir.resolve("blocks/X3/CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y.data");
            assertThat(file).exists().hasBinaryContent(emptyDir);
            Cid v1 = v0.toV1();
            assertThat(store.has(v1)).isTrue();
            assertThat(store.get(v1)).isEqualTo(emptyDir);
            store.put(v1, emptyDir);
            assertThat(store.stats().blockCount()).isEqualTo(1);
            assertThat(dir.resolve("blocks/SHARDING")).hasContent("/repo/flatfs/shard/v1/next-to-last/2");
        }
    }

    @Test
    void corruptFileIsQuarantinedAndNeverReturned() throws IOException {
        byte[] block = BlockUniverse.randomBytes(new Random(1), 1000);
        Cid cid = raw(block);
        Path file;
        try (EmbeddedBlockStore store = open()) {
            store.put(cid, block);
            file = blockFiles().get(0);
        }
        byte[] tampered = block.clone();
        tampered[500] ^= 1;
        Files.write(file, tampered);
        try (EmbeddedBlockStore store = open()) {
            assertThat(store.has(cid)).isTrue();
            assertThatThrownBy(() -> store.get(cid)).isInstanceOf(CorruptBlockException.class)
                    .hasMessageContaining(cid.toString());
            assertThat(store.has(cid)).isFalse();
            assertThat(store.stats().repoSize()).isZero();
            assertThat(file).doesNotExist();
            try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
                assertThat(q.count()).isEqualTo(1);
            }
            store.put(cid, block);
            assertThat(store.get(cid)).isEqualTo(block);
        }
    }

    @Test
    void verifyAllFindsEveryCorruptBlock() throws IOException {
        Random r = new Random(2);
        try (EmbeddedBlockStore store = open()) {
            for (int i = 0; i < 5; i++) {
                byte[] b = BlockUniverse.randomBytes(r, 100);
                store.put(raw(b), b);
            }
            Path victim = blockFiles().get(3);
            Files.write(victim, new byte[] {1, 2, 3});
            assertThat(store.verifyAll()).hasSize(1);
            assertThat(store.stats().blockCount()).isEqualTo(4);
            assertThat(store.verifyAll()).isEmpty();
        }
    }

    @Test
    void putRejectsDataThatDoesNotHashToTheCid() throws IOException {
        try (EmbeddedBlockStore store = open()) {
            Cid cid = raw(new byte[] {1});
            assertThatThrownBy(() -> store.put(cid, new byte[] {2})).isInstanceOf(HashMismatchException.class);
            assertThat(store.has(cid)).isFalse();
            assertThat(blockFiles()).isEmpty();
        }
    }

    @Test
    void identityCidsAreNeverStored() throws IOException {
        byte[] inline = "tiny".getBytes(StandardCharsets.UTF_8);
        Cid id = Cid.v1(Codec.RAW, Multihash.identity(inline));
        try (EmbeddedBlockStore store = open()) {
            store.put(id, inline);
            assertThat(store.has(id)).isTrue();
            assertThat(store.get(id)).isEqualTo(inline);
            assertThat(store.stats().blockCount()).isZero();
            assertThat(blockFiles()).isEmpty();
            assertThatThrownBy(() -> store.put(id, "other".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(HashMismatchException.class);
        }
    }

    @Test
    void aFullStoreSaysWhyItCannotWriteUntilSpaceReturns() throws IOException {
        BlockStoreConfig config = BlockStoreConfig.defaults(dir).withStorageMax(250);
        Random r = new Random(4);
        byte[] a = BlockUniverse.randomBytes(r, 100);
        byte[] b = BlockUniverse.randomBytes(r, 100);
        byte[] c = BlockUniverse.randomBytes(r, 100);
        try (EmbeddedBlockStore store = open(config)) {
            store.put(raw(a), a);
            store.put(raw(b), b);
            assertThat(store.writeProblem()).isEmpty();
            assertThatThrownBy(() -> store.put(raw(c), c)).isInstanceOf(StorageFullException.class);
            assertThat(store.writeProblem()).get().asString().contains("the block store is full")
                    .contains("storage maximum");

            store.delete(raw(a)); // space returns; nothing has to write for the store to say so
            assertThat(store.writeProblem()).isEmpty();
        }
    }

    @Test
    void storageMaxRefusesAPutThatWouldExceedItAndWritesNothing() throws IOException {
        BlockStoreConfig config = BlockStoreConfig.defaults(dir).withStorageMax(250);
        Random r = new Random(3);
        byte[] a = BlockUniverse.randomBytes(r, 100);
        byte[] b = BlockUniverse.randomBytes(r, 100);
        byte[] c = BlockUniverse.randomBytes(r, 100);
        try (EmbeddedBlockStore store = open(config)) {
            store.put(raw(a), a);
            store.put(raw(b), b);
            assertThatThrownBy(() -> store.put(raw(c), c)).isInstanceOf(StorageFullException.class)
                    .hasMessageContaining("200 of 250");
            assertThat(store.has(raw(c))).isFalse();
            assertThat(blockFiles()).hasSize(2);
            store.put(raw(a), a); // already present: costs nothing
            store.delete(raw(a));
            store.put(raw(c), c);
            assertThat(store.stats().repoSize()).isEqualTo(200);
        }
        try (EmbeddedBlockStore store = open(config)) {
            assertThat(store.stats()).isEqualTo(new StoreStats(200, 250, 2));
        }
    }

    @Test
    void blocksOverTheMaximumSizeAreRefused() throws IOException {
        try (EmbeddedBlockStore store = open(BlockStoreConfig.defaults(dir).withMaxBlockSize(1024))) {
            byte[] ok = new byte[1024];
            byte[] big = new byte[1025];
            store.put(raw(ok), ok);
            assertThatThrownBy(() -> store.put(raw(big), big)).isInstanceOf(BlockTooLargeException.class)
                    .hasMessageContaining("1025").hasMessageContaining("1024");
            assertThat(store.has(raw(big))).isFalse();
        }
        assertThat(BlockStoreConfig.defaults(dir).maxBlockSize()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void openRemovesTempFilesOfInterruptedWritesAndRebuildsSizes() throws IOException {
        byte[] block = new byte[] {7, 7, 7};
        try (EmbeddedBlockStore store = open()) {
            store.put(raw(block), block);
        }
        Path shard = blockFiles().get(0).getParent();
        Path stale = shard.resolve("put-123.tmp");
        Files.write(stale, new byte[] {1, 2});
        try (EmbeddedBlockStore store = open()) {
            assertThat(stale).doesNotExist();
            assertThat(store.stats()).isEqualTo(new StoreStats(3, BlockStoreConfig.DEFAULT_STORAGE_MAX, 1));
            assertThat(store.get(raw(block))).isEqualTo(block);
        }
    }

    @Test
    void aSecondOpenOfTheSameFolderIsRefused() throws IOException {
        try (EmbeddedBlockStore store = open()) {
            assertThatThrownBy(this::open).isInstanceOf(BlockStoreException.class).hasMessageContaining("in use");
            assertThat(store.stats().blockCount()).isZero();
        }
        open().close();
    }

    @Test
    void concurrentPutsCountEachBlockOnceAndNeverPassTheStorageMax() throws Exception {
        Random r = new Random(4);
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            blocks.add(BlockUniverse.randomBytes(r, 100));
        }
        BlockStoreConfig config = BlockStoreConfig.defaults(dir).withStorageMax(3000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (EmbeddedBlockStore store = open(config)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                // Every thread offers the same 40 blocks, so threads race on the same keys and on the limit.
                results.add(pool.submit(() -> {
                    int full = 0;
                    for (byte[] b : blocks) {
                        try {
                            store.put(raw(b), b);
                        } catch (StorageFullException e) {
                            full++;
                        }
                    }
                    return full;
                }));
            }
            for (Future<Integer> f : results) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(store.stats()).isEqualTo(new StoreStats(3000, 3000, 30));
            assertThat(blockFiles()).hasSize(30);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        try (EmbeddedBlockStore store = open(config)) {
            assertThat(store.stats().repoSize()).isEqualTo(3000);
        }
    }

    private List<Path> blockFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir.resolve("blocks"))) {
            s.filter(p -> p.toString().endsWith(".data")).sorted().forEach(out::add);
        }
        return out;
    }
}
