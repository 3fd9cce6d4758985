package io.pincluster.cold.archive;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/** Pins as {@code ipfs add} builds them: random content, imported with the ipld module into a hot store. */
final class TestPins {
    /** A pin: its root and the file's bytes, to compare a restore with. */
    record Pin(Cid root, byte[] content) {
    }

    /**
     * Sizes and chunkers in rotation: one-block files, a few small chunks under one node, and the default 256 KiB
     * chunker's two leaves; each alternately as CIDv0 with dag-pb leaves (Kubo's defaults) and CIDv1 raw leaves.
     */
    private static final int[] SIZES = {10, 1_000, 20_000, 70_000, 270_000};
    private static final int[] CHUNKS = {ImportOptions.DEFAULT_CHUNK_SIZE, ImportOptions.DEFAULT_CHUNK_SIZE, 4_096,
        16_384, ImportOptions.DEFAULT_CHUNK_SIZE};

    private TestPins() {
    }

    /** Pin {@code i} of the rotation, with content from seed {@code i}, imported into {@code hot}. */
    static Pin add(InMemoryBlockStore hot, int i) throws IOException {
        ImportOptions options = (i / SIZES.length) % 2 == 0 ? ImportOptions.kuboDefaults() : ImportOptions.kuboV1();
        return add(hot, SIZES[i % SIZES.length], options.withChunkSize(CHUNKS[i % SIZES.length]), i);
    }

    static Pin add(InMemoryBlockStore hot, int size, ImportOptions options, long seed) throws IOException {
        byte[] content = new byte[size];
        new SplittableRandom(seed).nextBytes(content);
        Cid root = new FileImporter(options).importFile(new ByteArrayInputStream(content), hot, n -> {
        }).cid();
        return new Pin(root, content);
    }
}
