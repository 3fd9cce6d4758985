package io.pincluster.ipld.importer;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds go-unixfs's balanced layout from a stream of leaves while holding only one pending link list
 * per tree level. A full level is turned into a node only when another sibling arrives, so a file of
 * exactly {@code maxLinks} leaves gets a single root, and a final partial subtree is wrapped at every
 * level (a lone last leaf under 174*174 full leaves sits under a chain of one-link nodes), as Kubo does.
 */
final class BalancedTree {
    record Child(Cid cid, long dagSize, long contentSize) {
    }

    private final int maxLinks;
    private final BlockHasher hasher;
    private final BlockSink sink;
    private final List<List<Child>> levels = new ArrayList<>();

    BalancedTree(int maxLinks, BlockHasher hasher, BlockSink sink) {
        this.maxLinks = maxLinks;
        this.hasher = hasher;
        this.sink = sink;
    }

    void addLeaf(Child leaf) throws IOException {
        add(0, leaf);
    }

    private void add(int level, Child child) throws IOException {
        if (levels.size() == level) {
            levels.add(new ArrayList<>(maxLinks));
        }
        List<Child> pending = levels.get(level);
        if (pending.size() == maxLinks) {
            add(level + 1, flush(pending));
        }
        pending.add(child);
    }

    /** Closes every level; the root is the last node written. Requires at least one leaf. */
    Child finish() throws IOException {
        for (int level = 0; ; level++) {
            List<Child> pending = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && pending.size() == 1) {
                return pending.get(0);
            }
            Child node = flush(pending);
            if (top) {
                return node;
            }
            levels.get(level + 1).add(node);
        }
    }

    private Child flush(List<Child> children) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        long[] blockSizes = new long[children.size()];
        long dagSize = 0;
        long contentSize = 0;
        for (int i = 0; i < blockSizes.length; i++) {
            Child c = children.get(i);
            links.add(PbLink.of(c.cid(), "", c.dagSize()));
            blockSizes[i] = c.contentSize();
            dagSize += c.dagSize();
            contentSize += c.contentSize();
        }
        children.clear();
        byte[] data = new UnixFsData(UnixFsType.FILE, null, contentSize, blockSizes, null, null).encode();
        byte[] block = DagPbCodec.encode(new PbNode(links, data));
        Cid cid = hasher.dagPb(block);
        sink.put(cid, block);
        return new Child(cid, dagSize + block.length, contentSize);
    }
}
