package io.pincluster.ipld.importer;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.ProtoWire;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Imports one file as {@code ipfs add} would: fixed-size chunks, balanced tree. Memory use is one chunk
 * plus the pending link lists, whatever the input size. Not thread-safe: it reuses one digest; use one
 * instance per thread.
 */
public final class FileImporter {
    // dag-pb PBNode.Data (field 1) wrapping a UnixFS Data message: Type(1)=File, Data(2), filesize(3).
    private static final byte PB_NODE_DATA_TAG = 0x0a;
    private static final byte UNIXFS_TYPE_TAG = 0x08;
    private static final byte UNIXFS_DATA_TAG = 0x12;
    private static final byte UNIXFS_FILESIZE_TAG = 0x18;
    private static final byte TYPE_FILE = 2;

    private final ImportOptions options;
    private final BlockHasher hasher;

    public FileImporter(ImportOptions options) {
        this.options = options;
        this.hasher = new BlockHasher(options.cidVersion());
    }

    /**
     * Reads {@code in} to its end and writes the file's blocks to {@code sink}, leaves first, root last.
     *
     * @param progress told the running count of bytes read after each chunk (may be null)
     */
    public ImportedNode importFile(InputStream in, BlockSink sink, LongConsumer progress) throws IOException {
        BalancedTree tree = new BalancedTree(options.maxLinks(), hasher, sink);
        int chunk = options.chunkSize();
        long total = 0;
        boolean first = true;
        while (true) {
            Leaf next = options.rawLeaves() ? rawLeaf(in, chunk, first) : fileLeaf(in, chunk, first);
            if (next == null) {
                break;
            }
            BalancedTree.Child leaf = next.child();
            sink.put(leaf.cid(), next.block());
            tree.addLeaf(leaf);
            total += leaf.contentSize();
            if (progress != null) {
                progress.accept(total);
            }
            first = false;
            if (leaf.contentSize() < chunk) {
                break;
            }
        }
        BalancedTree.Child root = tree.finish();
        return new ImportedNode(root.cid(), root.dagSize(), root.contentSize());
    }

    private record Leaf(byte[] block, BalancedTree.Child child) {
    }

    /** The next chunk as a raw block, or null at the end (an empty input still gets one empty leaf). */
    private Leaf rawLeaf(InputStream in, int chunk, boolean first) throws IOException {
        byte[] block = new byte[chunk];
        int n = in.readNBytes(block, 0, chunk);
        if (n == 0 && !first) {
            return null;
        }
        if (n < chunk) {
            block = Arrays.copyOf(block, n);
        }
        return new Leaf(block, new BalancedTree.Child(hasher.raw(block), n, n));
    }

    /**
     * The next chunk as a dag-pb UnixFS file leaf. A full chunk is read straight into its final block
     * array at the data offset, so the bytes are copied once (from the stream) and hashed in place.
     */
    private Leaf fileLeaf(InputStream in, int chunk, boolean first) throws IOException {
        byte[] block = new byte[fileLeafSize(chunk)];
        int dataOffset = fileLeafDataOffset(chunk);
        int n = in.readNBytes(block, dataOffset, chunk);
        if (n == 0 && !first) {
            return null;
        }
        if (n < chunk) {
            byte[] shorter = new byte[fileLeafSize(n)];
            System.arraycopy(block, dataOffset, shorter, fileLeafDataOffset(n), n);
            block = shorter;
        }
        writeFileLeafFraming(block, n);
        Cid cid = hasher.dagPb(block);
        return new Leaf(block, new BalancedTree.Child(cid, block.length, n));
    }

    private static int unixFsLeafSize(int n) {
        int data = n == 0 ? 0 : ProtoWire.lenFieldSize(2, n);
        return 2 + data + ProtoWire.varintFieldSize(3, n);
    }

    static int fileLeafSize(int n) {
        return ProtoWire.lenFieldSize(1, unixFsLeafSize(n));
    }

    private static int fileLeafDataOffset(int n) {
        int inner = unixFsLeafSize(n);
        return 1 + ProtoWire.varintSize(inner) + 2 + 1 + ProtoWire.varintSize(n);
    }

    /** Writes the framing around data already in place; an empty leaf has no Data field (as Kubo writes it). */
    private static void writeFileLeafFraming(byte[] block, int n) {
        int p = 0;
        block[p++] = PB_NODE_DATA_TAG;
        p = ProtoWire.writeVarint(unixFsLeafSize(n), block, p);
        block[p++] = UNIXFS_TYPE_TAG;
        block[p++] = TYPE_FILE;
        if (n > 0) {
            block[p++] = UNIXFS_DATA_TAG;
            p = ProtoWire.writeVarint(n, block, p) + n;
        }
        block[p++] = UNIXFS_FILESIZE_TAG;
        ProtoWire.writeVarint(n, block, p);
    }
}
