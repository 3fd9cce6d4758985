package io.pincluster.cold.car;

import static io.pincluster.cold.car.ArchiveFixtures.LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.cold.car.ArchiveFixtures.Written;
import io.pincluster.cold.piece.PieceHasher;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockTooLargeException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.car.CarExporter;
import io.pincluster.ipld.car.CarImporter;
import io.pincluster.ipld.importer.DirectoryBuilder;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import io.pincluster.ipld.importer.PrngStream;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import io.pincluster.ipld.unixfs.UnixFsReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archives of real DAGs (files chunked as {@code ipfs add} chunks them, with the CIDs of the shared vectors) round
 * trip block for block and byte for byte, come out identical every time, in depth-first first-seen order, and
 * describe themselves correctly: size, SHA-256, piece and index.
 */
class CarArchiveWriterTest {

    /** Vectors of /work/shared/vectors/cid-vectors.json: name, length, `ipfs add` CID, blocks (v0 and v1). */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("prng-262145", 262_145L, false, "QmcAJwDAwUk2Sy5KUr3DeSATkgUty9uWJVJbSz9kq6b81h", 3),
                Arguments.of("prng-262145", 262_145L, true,
                        "bafybeihdf3nxl3rqz5ci6q3evykwhwcrnqkbtdhdvydox4rrduzhybkgvi", 3),
                Arguments.of("prng-1MiB", 1_048_576L, true,
                        "bafybeifwr7ct4ir45bkf2szie4nau6yezvzsymtsvtggif73pb2tjr3ale", 5),
                Arguments.of("zeros-1MiB", -1_048_576L, false, "QmVkbauSDEaMP4Tkq6Epm9uW75mWm136n81YH8fGtfwdHU", 2),
                Arguments.of("prng-10MiB", 10_485_760L, false, "QmXDqtCWBzjVdS8ucy8hu84aBxmFjnv6CiY5B8d44XkoUY", 41),
                Arguments.of("prng-174-chunks-plus-1", 45_613_057L, true,
                        "bafybeiahkhtc4a3iidfl7f5pxa6qnrnz4vxukr6gctx6tqqwgavarht5ni", 178));
    }

    @ParameterizedTest(name = "{0} v1={2}")
    @MethodSource("vectors")
    void anImportedFileRoundTripsThroughItsArchive(String name, long signedLength, boolean v1, String cid, int blocks)
            throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        ImportOptions options = v1 ? ImportOptions.kuboV1() : ImportOptions.kuboDefaults();
        Cid root = ArchiveFixtures.importFile(store, options, content(signedLength));
        assertThat(root).hasToString(cid);

        Written archive = ArchiveFixtures.write(store, root);
        ArchiveManifest manifest = archive.manifest();

        assertThat(manifest.roots()).containsExactly(root);
        assertThat(manifest.carSize()).isEqualTo(archive.car().length);
        assertThat(manifest.carSha256()).isEqualTo(Multihash.sha256(archive.car()));
        assertThat(manifest.index().size()).isEqualTo(blocks);
        PieceHasher hasher = new PieceHasher();
        hasher.update(archive.car());
        assertThat(manifest.piece()).isEqualTo(hasher.finish());

        InMemoryBlockStore restored = new InMemoryBlockStore();
        VerifyingArchiveReader reader = VerifyingArchiveReader.open(new ByteArrayInputStream(archive.car()), manifest,
                CarLimits.DEFAULT);
        for (ArchivedBlock b = reader.next(); b != null; b = reader.next()) {
            restored.put(b.cid(), b.data());
        }
        assertThat(restored.missingBlocks(root)).isEmpty();
        try (InputStream file = new UnixFsReader(restored::get).open(root);
             InputStream expected = content(signedLength)) {
            assertThat(file).hasSameContentAs(expected);
        }
        for (BlockLocation at : manifest.index().entries()) {
            assertThat(at.cid().multihash().matches(archive.car(), (int) at.dataOffset(), at.dataLength())).isTrue();
        }
    }

    @Test
    void theSameDagGivesTheSameBytesEveryTimeAndTheBytesIpldsExporterWrites() throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        Cid root = ArchiveFixtures.importPrng(store, ImportOptions.kuboDefaults().withChunkSize(1000), 200_000);

        Written first = ArchiveFixtures.write(store, root);
        Written second = ArchiveFixtures.write(store, root);
        InMemoryBlockStore elsewhere = new InMemoryBlockStore();
        ArchiveFixtures.importPrng(elsewhere, ImportOptions.kuboDefaults().withChunkSize(1000), 200_000);
        Written onAnotherPeer = ArchiveFixtures.write(elsewhere, root);
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        new CarExporter(store, LINKS).export(root, exported);

        assertThat(second.car()).isEqualTo(first.car());
        assertThat(onAnotherPeer.car()).isEqualTo(first.car());
        assertThat(second.manifest()).isEqualTo(first.manifest());
        assertThat(exported.toByteArray()).isEqualTo(first.car());
        // and the CAR importer, which the node's dag/import follows, takes it
        InMemoryBlockStore imported = new InMemoryBlockStore();
        assertThat(new CarImporter(imported, imported).importCar(new ByteArrayInputStream(first.car()), true).roots())
                .containsExactly(root);
    }

    @Test
    void blocksComeDepthFirstInLinkOrderEachOnceWhereFirstSeen() throws IOException {
        // two identical files and a third: the shared file's blocks appear once, under the first name
        InMemoryBlockStore store = new InMemoryBlockStore();
        ImportOptions options = ImportOptions.kuboV1().withChunkSize(300);
        FileImporter files = new FileImporter(options);
        ImportedNode a = files.importFile(PrngStream.prng(1000), store, n -> {
        });
        ImportedNode b = files.importFile(PrngStream.prng(2000), store, n -> {
        });
        Map<String, ImportedNode> entries = new LinkedHashMap<>();
        entries.put("a", a);
        entries.put("b", b);
        entries.put("c", a);
        Cid root = new DirectoryBuilder(options).directory(entries, store).cid();

        Written archive = ArchiveFixtures.write(store, root);

        List<Cid> expected = new ArrayList<>();
        depthFirst(store, root, new HashSet<>(), expected);
        assertThat(archive.manifest().index().entries()).extracting(BlockLocation::cid)
                .containsExactlyElementsOf(expected);
        List<Object> stored = new ArrayList<>();
        store.keys().forEachRemaining(stored::add);
        assertThat(expected).doesNotHaveDuplicates().hasSize(stored.size());
    }

    /** The order, written the obvious recursive way. */
    private static void depthFirst(InMemoryBlockStore store, Cid cid, Set<Cid> seen, List<Cid> out) throws IOException {
        if (!seen.add(cid)) {
            return;
        }
        out.add(cid);
        for (Cid child : LINKS.links(cid, store.get(cid))) {
            depthFirst(store, child, seen, out);
        }
    }

    @Test
    void theIndexFindsEveryBlockByMultihashAndARangeReadGivesItBack() throws IOException {
        Written archive = ArchiveFixtures.small();
        ArchiveIndex index = archive.manifest().index();
        ArchiveRangeReader ranges = new ArchiveRangeReader(index, CarLimits.DEFAULT);

        for (BlockLocation at : index.entries()) {
            assertThat(index.find(at.cid())).contains(at);
            assertThat(index.find(at.cid().toV1())).contains(at);
            List<ArchivedBlock> one = ranges.read(range(archive.car(), at.sectionOffset(), at.end()),
                    at.sectionOffset(), at.end());
            assertThat(one).singleElement().satisfies(b -> assertThat(b.location()).isEqualTo(at));
        }
        List<BlockLocation> all = index.entries();
        BlockLocation second = all.get(1);
        BlockLocation last = all.get(all.size() - 1);
        List<ArchivedBlock> run = ranges.read(range(archive.car(), second.sectionOffset(), last.end()),
                second.sectionOffset(), last.end());
        assertThat(run).extracting(ArchivedBlock::location).containsExactlyElementsOf(all.subList(1, all.size()));

        assertThatThrownBy(() -> ranges.read(range(archive.car(), second.sectionOffset() + 1, last.end()),
                second.sectionOffset() + 1, last.end())).isInstanceOf(IllegalArgumentException.class);
        byte[] cut = range(archive.car(), second.sectionOffset(), last.end()).readNBytes(10);
        assertThatThrownBy(() -> ranges.read(new ByteArrayInputStream(cut), second.sectionOffset(), last.end()))
                .isInstanceOf(io.pincluster.ipld.car.CarFormatException.class).hasMessageContaining("ends");
    }

    @Test
    void aMissingBlockATamperedBlockAndAnOversizedBlockStopTheArchive() throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        Cid root = ArchiveFixtures.importPrng(store, ImportOptions.kuboV1().withChunkSize(100), 700);
        List<BlockLocation> entries = ArchiveFixtures.write(store, root).manifest().index().entries();
        Cid leaf = entries.get(entries.size() - 1).cid();

        CarArchiveWriter lying = new CarArchiveWriter(cid -> cid.equals(leaf) ? new byte[100] : store.get(cid), LINKS);
        assertThatThrownBy(() -> lying.write(root, new ByteArrayOutputStream()))
                .isInstanceOf(HashMismatchException.class)
                .hasMessageContaining(leaf.toString());

        store.delete(leaf);
        assertThatThrownBy(() -> ArchiveFixtures.write(store, root)).isInstanceOf(BlockNotFoundException.class)
                .hasMessageContaining(leaf.toString());

        byte[] big = new byte[5000];
        Cid bigCid = Cid.v1(Codec.RAW, Multihash.sha256(big));
        store.put(bigCid, big);
        CarArchiveWriter strict = new CarArchiveWriter(store::get, LINKS, new CarLimits(1024, 4096));
        assertThatThrownBy(() -> strict.write(bigCid, new ByteArrayOutputStream()))
                .isInstanceOf(BlockTooLargeException.class);
    }

    private static InputStream range(byte[] car, long start, long end) {
        return new ByteArrayInputStream(car, (int) start, (int) (end - start));
    }

    private static InputStream content(long signedLength) {
        return signedLength < 0 ? new ByteArrayInputStream(new byte[(int) -signedLength])
                : PrngStream.prng(signedLength);
    }
}
