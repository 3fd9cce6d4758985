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
 * its links and UnixFS data.
 */
record Node(Cid cid, List<PbLink> links, UnixFsData unixfs, byte[] rawContent) {

    static Node load(BlockGetter blocks, Cid cid) throws IOException {
        byte[] block = cid.multihash().code() == Multihash.IDENTITY ? cid.multihash().digest() : blocks.get(cid);
        if (block == null) {
            throw new IOException("block source has no block " + cid);
        }
        return switch (cid.codec()) {
            case RAW -> new Node(cid, List.of(), null, block);
            case DAG_PB -> {
                PbNode pb = DagPbCodec.decode(block);
                if (pb.data() == null) {
                    throw new UnixFsException("dag-pb node " + cid + " has no Data field, so it is not UnixFS");
                }
                UnixFsData data;
                try {
                    data = UnixFsData.decode(pb.data());
                } catch (UnixFsException e) {
                    throw new UnixFsException("node " + cid + ": " + e.getMessage(), e);
                }
                yield new Node(cid, pb.links(), data, null);
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

    /** The content bytes this node carries itself (before its children's), never null. */
    byte[] ownContent() {
        if (isRawLeaf()) {
            return rawContent;
        }
        byte[] d = unixfs.data();
        return d == null ? new byte[0] : d;
    }

    /** The file size: raw length, or filesize, or for nodes without filesize their own bytes plus the blocksizes. */
    long fileSize() {
        if (isRawLeaf()) {
            return rawContent.length;
        }
        if (unixfs.fileSize() != null) {
            return unixfs.fileSize();
        }
        long size = ownContent().length;
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
