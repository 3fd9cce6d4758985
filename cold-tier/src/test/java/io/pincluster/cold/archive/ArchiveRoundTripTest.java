package io.pincluster.cold.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.CarArchiveWriter;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.S3MockExtension;
import io.pincluster.cold.s3.S3MockServer;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import io.pincluster.ipld.unixfs.UnixFsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Archive pins into S3Mock, then restore them into an empty block store, as a peer would after losing them. */
@ExtendWith(S3MockExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ArchiveRoundTripTest {
    private static final int PINS = 200;
    private static final DagPbLinkReader LINKS = new DagPbLinkReader();

    @TempDir
    Path dir;

    @Test
    void twoHundredPinsComeBackByteForByteIntoAnEmptyBlockStore(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        List<TestPins.Pin> pins = new ArrayList<>();
        for (int i = 0; i < PINS; i++) {
            pins.add(TestPins.add(hot, i));
        }
        ArchiveKeys keys = new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            ArchiveSpool spool = new ArchiveSpool(dir.resolve("spool"));
            PinArchiver archiver = new PinArchiver(store, keys, spool, LINKS, CarLimits.DEFAULT, Throttle.NONE);
            List<ArchivedPin> archived = new ArrayList<>();
            for (TestPins.Pin pin : pins) {
                archived.add(archiver.archive(pin.root(), hot::get));
            }
            assertThat(spool.folder()).as("every spool file removed after its upload").isEmptyDirectory();
            assertThat(archived).allSatisfy(a -> assertThat(a.carKey()).isEqualTo(
                    keys.carKey(a.manifest().roots().get(0), a.manifest().carSha256())));
            assertThat(archived.stream().filter(a -> a.manifest().index().size() > 1).count())
                    .as("multi-block pins among them").isGreaterThanOrEqualTo(PINS / 2);

            // the peer lost everything, the cluster its index: the bucket alone describes the archives
            List<ArchivedPin> reindexed = new ManifestSidecars(store, keys).readAll();
            assertThat(reindexed).hasSize(PINS);
            Map<String, ArchivedPin> byKey = reindexed.stream()
                    .collect(Collectors.toMap(ArchivedPin::carKey, Function.identity()));
            assertThat(archived).allSatisfy(a -> assertThat(byKey.get(a.carKey())).isEqualTo(a));

            ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(reindexed));
            // a fresh, empty store that checks every block's hash on put (the embedded block store is
            // node-connector's, which cold-tier may not use, not even in tests: ModuleBoundariesTest)
            InMemoryBlockStore fresh = new InMemoryBlockStore();
            long blocks = 0;
            for (TestPins.Pin pin : pins) {
                RestoreStats stats = cold.restoreDag(pin.root(), fresh);
                assertThat(stats.requests()).as("neighbouring sections merged into one GET").isEqualTo(1);
                blocks += stats.blocks();
                try (InputStream file = new UnixFsReader(fresh::get).open(pin.root())) {
                    assertThat(file.readAllBytes()).as("content of %s", pin.root()).isEqualTo(pin.content());
                }
            }
            assertThat(blocks).isEqualTo(archived.stream().mapToLong(a -> a.manifest().index().size()).sum());
        }
    }

    @Test
    void oneBlockIsServedByItsOwnRangedRead(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        TestPins.Pin pin = TestPins.add(hot, 70_000, ImportOptions.kuboV1().withChunkSize(16_384), 7);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            ArchivedPin archived = archiver(store).archive(pin.root(), hot::get);
            ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(List.of(archived)));

            assertThat(archived.manifest().index().entries()).allSatisfy(location ->
                    assertThat(cold.get(location.cid())).isEqualTo(hot.get(location.cid())));
            // the gateway's path: the file read block by block from the archive, no hot store at all
            try (InputStream file = new UnixFsReader(cold::get).open(pin.root())) {
                assertThat(file.readAllBytes()).isEqualTo(pin.content());
            }
        }
    }

    @Test
    void archivingTheSameDagAgainReusesItsKeyAndObject(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        TestPins.Pin pin = TestPins.add(hot, 70_000, ImportOptions.kuboV1().withChunkSize(16_384), 8);
        InMemoryBlockStore otherPeer = new InMemoryBlockStore();
        TestPins.add(otherPeer, 70_000, ImportOptions.kuboV1().withChunkSize(16_384), 8);
        ArchiveKeys keys = new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            PinArchiver archiver = archiver(store);
            ArchivedPin first = archiver.archive(pin.root(), hot::get);
            var written = store.head(first.carKey()).orElseThrow().lastModified();
            ArchivedPin again = archiver.archive(pin.root(), hot::get);
            ArchivedPin elsewhere = archiver.archive(pin.root(), otherPeer::get);

            assertThat(again).isEqualTo(first);
            assertThat(elsewhere).as("another peer's copy of the DAG").isEqualTo(first);
            assertThat(store.list(keys.rootPrefix(pin.root()))).as("one archive and its sidecar")
                    .extracting(o -> o.key())
                    .containsExactly(first.carKey(), keys.manifestKey(first.carKey()));
            assertThat(store.head(first.carKey()).orElseThrow().lastModified()).as("not uploaded again")
                    .isEqualTo(written);
        }
    }

    @Test
    void theSidecarManifestReadsBackEqual(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        TestPins.Pin pin = TestPins.add(hot, 270_000, ImportOptions.kuboDefaults(), 9);
        ArchiveKeys keys = new ArchiveKeys("tenant-a/archives/");
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            ArchivedPin archived = new PinArchiver(store, keys, new ArchiveSpool(dir.resolve("spool")), LINKS,
                    CarLimits.DEFAULT, Throttle.NONE).archive(pin.root(), hot::get);

            ArchivedPin read = new ManifestSidecars(store, keys).read(archived.carKey());
            assertThat(read).isEqualTo(archived);
            assertThat(read.manifest().piece()).isEqualTo(archived.manifest().piece());
            assertThat(read.carKey()).startsWith("tenant-a/archives/" + pin.root() + "/");
        }
    }

    @Test
    void aCrashLeavesOnlySpoolFilesTheNextStartUploadsOrRemoves(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        TestPins.Pin pin = TestPins.add(hot, 20_000, ImportOptions.kuboV1().withChunkSize(1_024), 10);
        ArchiveKeys keys = new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX);
        ArchiveSpool spool = new ArchiveSpool(dir.resolve("spool"));
        // a job that died after spooling, before its upload; and one that died while writing its CAR
        Path partial = spool.newPartial(pin.root());
        ArchiveManifest manifest;
        try (OutputStream out = Files.newOutputStream(partial)) {
            manifest = new CarArchiveWriter(hot::get, LINKS).write(pin.root(), out);
        }
        ArchiveSpool.Spooled finished = spool.finish(partial, manifest);
        Path torn = spool.newPartial(pin.root());
        Files.write(torn, new byte[] {1, 2, 3});

        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            PinArchiver archiver = new PinArchiver(store, keys, spool, LINKS, CarLimits.DEFAULT, Throttle.NONE);
            List<ArchivedPin> resumed = archiver.resumeSpooled();

            assertThat(resumed).singleElement().satisfies(a -> {
                assertThat(a.manifest()).isEqualTo(finished.manifest());
                assertThat(a.carKey()).isEqualTo(keys.carKey(pin.root(), manifest.carSha256()));
            });
            try (Stream<Path> left = Files.list(spool.folder())) {
                assertThat(left).as("uploaded and torn spool files both gone").isEmpty();
            }
            ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(resumed));
            InMemoryBlockStore restored = new InMemoryBlockStore();
            cold.restoreDag(pin.root(), restored);
            try (InputStream file = new UnixFsReader(restored::get).open(pin.root())) {
                assertThat(file.readAllBytes()).isEqualTo(pin.content());
            }
        }
    }

    /** A sidecar whose CAR is gone is skipped and reported; the other archives are still re-indexed. */
    @Test
    void aMissingCarIsSkippedWithoutHidingTheOtherArchives(S3MockServer server) throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        List<TestPins.Pin> pins = List.of(TestPins.add(hot, 1), TestPins.add(hot, 2), TestPins.add(hot, 3));
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(server.createBucket()))) {
            PinArchiver archiver = archiver(store);
            List<ArchivedPin> archived = new ArrayList<>();
            for (TestPins.Pin pin : pins) {
                archived.add(archiver.archive(pin.root(), hot::get));
            }
            store.delete(archived.get(1).carKey());
            Map<String, IOException> skipped = new java.util.LinkedHashMap<>();

            List<ArchivedPin> reindexed = new ManifestSidecars(store, new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX))
                    .readAll(skipped::put);

            assertThat(reindexed).containsExactlyInAnyOrder(archived.get(0), archived.get(2));
            assertThat(skipped).containsOnlyKeys(archived.get(1).carKey());
            assertThat(skipped.get(archived.get(1).carKey())).hasMessageContaining("no object");
        }
    }

    private PinArchiver archiver(ArchiveObjectStore store) throws IOException {
        return new PinArchiver(store, new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX),
                new ArchiveSpool(dir.resolve("spool")), LINKS, CarLimits.DEFAULT, Throttle.NONE);
    }
}
