package io.pincluster.ipld.unixfs;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import java.io.IOException;
import java.util.List;

/**
 * One decoded block seen as UnixFS: either a raw leaf (its bytes are file content) or a dag-pb node with
 * its links and UnixFS data. The content bytes the node carries itself stay where they are in the block
 * ({@code content[contentOffset, contentOffset + contentLength)}, shared, never changed): reading a file costs no
 * copy of its leaves, which matters when the same verified blocks are served from memory again and again.
 * {@code unixfs} is null for a raw leaf; its own {@code data()} is always null here.
 */
record Node(Cid cid, List<PbLink> links, UnixFsData unixfs, byte[] content, int contentOffset, int contentLength) {
    private static final byte[] EMPTY = new byte[0];

    static Node load(BlockGetter blocks, Cid cid) throws IOException {
        byte[] block = cid.multihash().code() == Multihash.IDENTITY ? cid.multihash().digest() : blocks.get(cid);
        if (block == null) {
            throw new IOException("block source has no block " + cid);
        }
        return switch (cid.codec()) {
            case RAW -> new Node(cid, List.of(), null, block, 0, block.length);
            case DAG_PB -> {
                DagPbCodec.Sliced pb = DagPbCodec.decodeSliced(block, DagPbCodec.DEFAULT_MAX_BLOCK_SIZE);
                if (!pb.hasData()) {
                    throw new UnixFsException("dag-pb node " + cid + " has no Data field, so it is not UnixFS");
                }
                UnixFsData.Sliced data;
                try {
                    data = UnixFsData.decodeSliced(block, pb.dataOffset(), pb.dataLength());
                } catch (UnixFsException e) {
                    throw new UnixFsException("node " + cid + ": " + e.getMessage(), e);
                }
                yield data.hasData()
                        ? new Node(cid, pb.links(), data.meta(), block, data.dataOffset(), data.dataLength())
                        : new Node(cid, pb.links(), data.meta(), EMPTY, 0, 0);
            }
            case DAG_CBOR -> throw new UnixFsException("node " + cid + " is dag-cbor, not UnixFS");
        };
    }

    boolean isRawLeaf() {
        return unixfs == null;
    }

    UnixFsType type() {
        return isRawLeaf() ? UnixFsType.FILE : unixfs.type();
    }

    /** How many content bytes this node carries itself (before its children's): in {@link #content()}. */
    int ownLength() {
        return contentLength;
    }

    /** The file size: raw length, or filesize, or for nodes without filesize their own bytes plus the blocksizes. */
    long fileSize() {
        if (isRawLeaf()) {
            return contentLength;
        }
        if (unixfs.fileSize() != null) {
            return unixfs.fileSize();
        }
        long size = contentLength;
        for (long b : unixfs.blockSizes()) {
            size += b;
        }
        return size;
    }

    void requireFile() {
        UnixFsType t = type();
        if (t != UnixFsType.FILE && t != UnixFsType.RAW) {
            throw new UnixFsException("node " + cid + " is a " + t + ", not a file");
        }
        if (!isRawLeaf() && unixfs.blockSizes().length != links.size()) {
            throw new UnixFsException("file node " + cid + " has " + links.size() + " links but "
                    + unixfs.blockSizes().length + " blocksizes");
        }
    }
}
