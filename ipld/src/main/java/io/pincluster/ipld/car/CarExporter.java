package io.pincluster.ipld.car;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.dag.DagWalker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes the DAG under one root as a CAR v1 stream: the header, then each block once in depth-first link order
 * (the order {@code ipfs dag export} uses), streamed while the DAG is walked.
 */
public final class CarExporter {
    private final BlockStore store;
    private final DagWalker walker;

    public CarExporter(BlockStore store, LinkReader links) {
        this.store = store;
        this.walker = new DagWalker(this::readOrNull, links);
    }

    /**
     * Streams the DAG under {@code root} to {@code out} (not closed); returns the number of blocks written.
     *
     * @throws BlockNotFoundException a block of the DAG is missing; the stream is then incomplete and must be
     *                                discarded by the receiver
     */
    public long export(Cid root, OutputStream out) throws IOException {
        byte[] header = CarHeaderCodec.encode(List.of(root));
        out.write(Varint.encode(header.length));
        out.write(header);
        long[] written = {0};
        walker.walk(root, new DagWalker.Visitor() {
            @Override
            public void block(Cid cid, byte[] block) throws IOException {
                writeSection(out, cid, block);
                written[0]++;
            }

            @Override
            public void missing(Cid cid) throws BlockNotFoundException {
                throw new BlockNotFoundException(cid);
            }
        });
        out.flush();
        return written[0];
    }

    private byte[] readOrNull(Cid cid) throws IOException {
        try {
            return store.get(cid);
        } catch (BlockNotFoundException | CorruptBlockException e) {
            return null;
        }
    }

    private static void writeSection(OutputStream out, Cid cid, byte[] block) throws IOException {
        out.write(Varint.encode((long) cid.byteLength() + block.length));
        out.write(cid.bytes());
        out.write(block);
    }
}
