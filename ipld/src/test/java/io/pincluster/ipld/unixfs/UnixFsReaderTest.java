package io.pincluster.ipld.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading files, ranges and directories back out of a block store. */
class UnixFsReaderTest {
    private InMemoryBlockStore store;
    private UnixFsReader reader;

    @BeforeEach
    void open() throws IOException {
        store = new InMemoryBlockStore();
        reader = new UnixFsReader(store::get);
    }

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    /** Range tests read from memory (the reader's block source is its edge); the store is used below. */
    private final Map<Cid, byte[]> memory = new HashMap<>();

    /** Small chunks make a 3-level tree (200 leaves > 174) out of a file that fits in a test. */
    private Cid importFile(byte[] data, boolean rawLeaves) throws IOException {
        ImportOptions options = ImportOptions.kuboDefaults().withChunkSize(1000).withRawLeaves(rawLeaves);
        ImportedNode node = new FileImporter(options).importFile(new ByteArrayInputStream(data), memory::put, null);
        return node.cid();
    }

    @ParameterizedTest(name = "rawLeaves={0}")
    @ValueSource(booleans = {false, true})
    void readsWholeFilesAndArbitraryRanges(boolean rawLeaves) throws IOException {
        byte[] data = content(200_000);
        Cid cid = importFile(data, rawLeaves);
        UnixFsReader reader = new UnixFsReader(memory::get);

        assertThat(reader.stat(cid)).isEqualTo(new UnixFsStat(cid, UnixFsType.FILE, data.length));
        try (InputStream in = reader.open(cid)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            int offset = random.nextInt(data.length);
            int length = random.nextInt(5000);
            try (InputStream in = reader.open(cid, offset, length)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + length)));
            }
        }
        try (InputStream in = reader.open(cid, 174_000 - 1, 2)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 173_999, 174_001));
        }
    }

    @Test
    void rangesAreCutAtTheEndButMayNotStartPastIt() throws IOException {
        byte[] data = content(2500);
        Cid cid = importFile(data, false);
        UnixFsReader reader = new UnixFsReader(memory::get);

        try (InputStream in = reader.open(cid, 2400, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 2400, 2500));
        }
        try (InputStream in = reader.open(cid, 2500, 10)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> reader.open(cid, 2501, 1))
                .isInstanceOf(RangeNotSatisfiableException.class).hasMessageContaining("2500 bytes long");
    }

    @Test
    void identityCidsAreReadInlineWithoutTheStore() throws IOException {
        byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
        Cid raw = Cid.v1(Codec.RAW, Multihash.identity(hi));
        try (InputStream in = reader.open(raw)) {
            assertThat(in.readAllBytes()).isEqualTo(hi);
        }
        byte[] leaf = DagPbCodec.encode(new PbNode(List.of(),
                new UnixFsData(UnixFsType.FILE, hi, 2L, null, null, null).encode()));
        Cid pb = Cid.v1(Codec.DAG_PB, Multihash.identity(leaf));
        assertThat(reader.stat(pb).size()).isEqualTo(2);
        try (InputStream in = reader.open(pb, 1, 5)) {
            assertThat(in.readAllBytes()).isEqualTo(new byte[] {'i'});
        }
    }

    @Test
    void aMissingBlockIsReportedWithItsCid() throws IOException {
        Cid absent = Cid.v0(Multihash.sha256(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> reader.stat(absent))
                .isInstanceOf(BlockNotFoundException.class).hasMessageContaining(absent.toString());
    }

    @Test
    void nodesThatAreNotUnixFsAreRejectedByName() throws IOException {
        byte[] badType = DagPbCodec.encode(new PbNode(List.of(), new byte[] {0x08, 0x09}));
        Cid bad = Cid.v0(Multihash.sha256(badType));
        store.put(bad, badType);
        assertThatThrownBy(() -> reader.stat(bad)).isInstanceOf(UnixFsException.class).hasMessageContaining("unknown UnixFS type 9");

        byte[] noData = DagPbCodec.encode(new PbNode(List.of(), null));
        Cid bare = Cid.v0(Multihash.sha256(noData));
        store.put(bare, noData);
        assertThatThrownBy(() -> reader.open(bare)).isInstanceOf(UnixFsException.class).hasMessageContaining("no Data");

        assertThatThrownBy(() -> UnixFsData.decode(new byte[] {0x12, 0x00}))
                .isInstanceOf(UnixFsException.class).hasMessageContaining("Type is missing");
        assertThatThrownBy(() -> UnixFsData.decode(new byte[] {0x0a, 0x00}))
                .isInstanceOf(UnixFsException.class).hasMessageContaining("wire type 2");
        assertThatThrownBy(() -> UnixFsData.decode(new byte[] {0x08, 0x02, 0x48, 0x01}))
                .isInstanceOf(UnixFsException.class).hasMessageContaining("unknown field 9");
    }

    @Test
    void unixFsDataRoundTripsAndReadsPackedBlocksizes() {
        UnixFsData d = new UnixFsData(UnixFsType.FILE, null, 300L, new long[] {100, 200}, null, null);
        UnixFsData back = UnixFsData.decode(d.encode());
        assertThat(back.type()).isEqualTo(UnixFsType.FILE);
        assertThat(back.fileSize()).isEqualTo(300L);
        assertThat(back.blockSizes()).containsExactly(100, 200);
        UnixFsData huge = UnixFsData.decode(new UnixFsData(UnixFsType.FILE, null, 1L << 40, new long[] {(1L << 31) + 1},
                null, null).encode());
        assertThat(huge.fileSize()).isEqualTo(1L << 40);
        assertThat(huge.blockSizes()).containsExactly((1L << 31) + 1);
        UnixFsData packed = UnixFsData.decode(new byte[] {0x08, 0x02, 0x22, 0x02, 0x05, 0x06});
        assertThat(packed.blockSizes()).containsExactly(5, 6);
    }
}
