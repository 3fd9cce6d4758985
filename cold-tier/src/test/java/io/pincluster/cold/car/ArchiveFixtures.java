package io.pincluster.cold.car;

import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.PrngStream;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** DAGs as {@code ipfs add} builds them, in an in-memory store, and their archives. */
final class ArchiveFixtures {
    static final LinkReader LINKS = new DagPbLinkReader();

    /** A written archive: its bytes and the manifest the writer returned. */
    record Written(byte[] car, ArchiveManifest manifest) {
    }

    private ArchiveFixtures() {
    }

    /** Imports {@code content} into {@code store} as {@code ipfs add} with {@code options} would; returns the root. */
    static Cid importFile(InMemoryBlockStore store, ImportOptions options, InputStream content) throws IOException {
        return new FileImporter(options).importFile(content, store, n -> {
        }).cid();
    }

    static Cid importPrng(InMemoryBlockStore store, ImportOptions options, long length) throws IOException {
        return importFile(store, options, PrngStream.prng(length));
    }

    static Written write(InMemoryBlockStore store, Cid root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveManifest manifest = new CarArchiveWriter(store::get, LINKS).write(root, out);
        return new Written(out.toByteArray(), manifest);
    }

    /** A small DAG of several blocks: 700 PRNG bytes in 100-byte raw leaves under one dag-pb node. */
    static Written small() throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        Cid root = importPrng(store, ImportOptions.kuboV1().withChunkSize(100), 700);
        return write(store, root);
    }
}
