package io.pincluster.ipld.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file read as its blocks' own pieces ({@link UnixFsReader#openChunks}): the same bytes as the stream, for whole
 * files and ranges, and every piece a view of a block the getter returned, never a copy (what lets the gateway
 * serve blocks kept in memory without copying them per request).
 */
class FileChunksTest {
    private final Map<Cid, byte[]> blocks = new HashMap<>();
    private final Map<byte[], Boolean> handedOut = new IdentityHashMap<>();
    private final UnixFsReader reader = new UnixFsReader(cid -> {
        byte[] block = blocks.get(cid);
        handedOut.put(block, true);
        return block;
    });

    private Cid importFile(byte[] data, boolean rawLeaves) throws IOException {
        ImportOptions options = ImportOptions.kuboDefaults().withChunkSize(1000).withRawLeaves(rawLeaves);
        return new FileImporter(options).importFile(new ByteArrayInputStream(data), blocks::put, null).cid();
    }

    private List<ByteBuffer> pieces(Cid file, long offset, long length) throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        try (FileChunks chunks = reader.openChunks(file, offset, length)) {
            for (ByteBuffer piece = chunks.nextChunk(); piece != null; piece = chunks.nextChunk()) {
                assertThat(piece.remaining()).isPositive();
                out.add(piece);
            }
        }
        return out;
    }

    private static byte[] join(List<ByteBuffer> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer p : pieces) {
            out.write(p.array(), p.arrayOffset() + p.position(), p.remaining());
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "rawLeaves={0}")
    @ValueSource(booleans = {false, true})
    void piecesAreTheFileAndShareTheBlocksArrays(boolean rawLeaves) throws IOException {
        byte[] data = new byte[200_000]; // 200 leaves of 1000 bytes: a tree of three levels
        new Random(7).nextBytes(data);
        Cid file = importFile(data, rawLeaves);

        long[][] ranges = {{0, data.length}, {0, 1}, {999, 2}, {12_345, 67_890}, {data.length - 1, 1}, {5, 0}};
        for (long[] r : ranges) {
            List<ByteBuffer> pieces = pieces(file, r[0], r[1]);
            byte[] expected = Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1]));
            assertThat(join(pieces)).as("range %d+%d", r[0], r[1]).isEqualTo(expected);
            assertThat(reader.open(file, r[0], r[1]).readAllBytes()).isEqualTo(expected);
            for (ByteBuffer p : pieces) {
                assertThat(handedOut).as("a piece is a view of a block, not a copy").containsKey(p.array());
            }
        }
    }

    @ParameterizedTest(name = "bytes={0}")
    @ValueSource(ints = {0, 1, 1000, 65_536})
    void slicedDecodingMatchesTheCopyingDecoders(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Cid file = new FileImporter(ImportOptions.kuboDefaults())
                .importFile(new ByteArrayInputStream(data), blocks::put, null).cid();
        byte[] block = blocks.get(file);

        PbNode copied = DagPbCodec.decode(block);
        DagPbCodec.Sliced sliced = DagPbCodec.decodeSliced(block, DagPbCodec.DEFAULT_MAX_BLOCK_SIZE);
        assertThat(sliced.links()).isEqualTo(copied.links());
        assertThat(Arrays.copyOfRange(block, sliced.dataOffset(), sliced.dataOffset() + sliced.dataLength()))
                .isEqualTo(copied.data());

        UnixFsData meta = UnixFsData.decode(copied.data());
        UnixFsData.Sliced unixfs = UnixFsData.decodeSliced(block, sliced.dataOffset(), sliced.dataLength());
        assertThat(unixfs.meta().type()).isEqualTo(meta.type());
        assertThat(unixfs.meta().fileSize()).isEqualTo(meta.fileSize());
        assertThat(unixfs.meta().data()).isNull();
        byte[] content = unixfs.hasData()
                ? Arrays.copyOfRange(block, unixfs.dataOffset(), unixfs.dataOffset() + unixfs.dataLength())
                : null;
        assertThat(content).isEqualTo(meta.data());
        assertThat(reader.stat(file).size()).isEqualTo(size);
    }
}
