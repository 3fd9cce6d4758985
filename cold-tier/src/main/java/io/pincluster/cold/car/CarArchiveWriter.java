package io.pincluster.cold.car;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockTooLargeException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarHeaderCodec;
import io.pincluster.ipld.dag.DagWalker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pin's DAG as a CARv1 archive in Filecoin-deterministic order: one root in the header, then every block
 * once, depth-first from the root in link order, each at its first sighting (the order go-car and Lotus write and
 * {@link DagWalker} walks). The same DAG therefore always gives the same bytes, hence the same SHA-256 and piece CID:
 * re-archiving a pin, or archiving it on another peer, yields the same object. The bytes stream to the destination
 * while SHA-256, the piece commitment and the block index are computed on the way ({@link ArchiveOutput}).
 *
 * <p>Memory: the walk keeps the CIDs it has seen and the index keeps a location per block, both O(blocks); the
 * bytes themselves are never held beyond one block.
 */
public final class CarArchiveWriter {
    private final BlockSource blocks;
    private final LinkReader links;
    private final CarLimits limits;

    public CarArchiveWriter(BlockSource blocks, LinkReader links, CarLimits limits) {
        this.blocks = blocks;
        this.links = links;
        this.limits = limits;
    }

    public CarArchiveWriter(BlockSource blocks, LinkReader links) {
        this(blocks, links, CarLimits.DEFAULT);
    }

    /**
     * Streams the DAG under {@code root} to {@code out} (flushed, not closed) and describes what was written. On
     * any failure the destination holds an incomplete archive, which must be discarded.
     *
     * @throws BlockNotFoundException a block of the DAG is missing
     * @throws HashMismatchException  the source returned bytes that do not hash to the CID asked for
     * @throws BlockTooLargeException a block would make a section over {@link CarLimits#maxSectionLength()}
     * @throws io.pincluster.cold.piece.PieceSizeException the archive would pass the 64 GiB piece maximum
     */
    public ArchiveManifest write(Cid root, OutputStream out) throws IOException {
        ArchiveOutput archive = new ArchiveOutput(out);
        List<Cid> roots = List.of(root);
        byte[] header = CarHeaderCodec.encode(roots);
        archive.write(Varint.encode(header.length));
        archive.write(header);
        List<BlockLocation> index = new ArrayList<>();
        new DagWalker(blocks::get, links).walk(root, new DagWalker.Visitor() {
            @Override
            public void block(Cid cid, byte[] block) throws IOException {
                index.add(writeSection(archive, cid, block));
            }

            @Override
            public void missing(Cid cid) throws BlockNotFoundException {
                throw new BlockNotFoundException(cid);
            }
        });
        archive.flush();
        return new ArchiveManifest(roots, archive.count(), archive.sha256(), archive.piece(), new ArchiveIndex(index));
    }

    private BlockLocation writeSection(ArchiveOutput archive, Cid cid, byte[] block) throws IOException {
        // an archive never holds a block that does not match its CID, whatever the source handed over
        if (!cid.multihash().matches(block)) {
            throw new HashMismatchException(cid);
        }
        long body = (long) cid.byteLength() + block.length;
        if (body > limits.maxSectionLength()) {
            throw new BlockTooLargeException(cid, block.length, limits.maxSectionLength() - cid.byteLength());
        }
        long sectionOffset = archive.count();
        byte[] head = new byte[Varint.size(body) + cid.byteLength()];
        int p = Varint.write(body, head, 0);
        cid.copyBytesTo(head, p);
        archive.write(head);
        archive.write(block);
        return BlockLocation.of(cid, sectionOffset, block.length);
    }
}
