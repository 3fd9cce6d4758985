package io.pincluster.ipld.unixfs;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Streams a byte range of a UnixFS file by walking its DAG depth-first. It holds one leaf's bytes and the
 * path of interior nodes from the root, so memory stays at one block per tree level whatever the file
 * size; subtrees before the start offset are skipped using the blocksizes, without fetching them.
 */
final class FileDagStream extends InputStream implements FileChunks {
    private final BlockGetter blocks;
    private final Deque<Frame> path = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int currentPos;
    private int currentEnd; // current[currentPos, currentEnd) is the rest of this node's own content
    private long remaining;

    FileDagStream(BlockGetter blocks, Node root, long offset, long length) throws IOException {
        this.blocks = blocks;
        this.remaining = length;
        if (length > 0) {
            descend(root, offset);
        }
    }

    private record Frame(Node node, int nextChild) {
    }

    /** Positions the stream {@code skip} bytes into the subtree at {@code node}. */
    private void descend(Node node, long skip) throws IOException {
        while (true) {
            node.requireFile();
            int own = node.ownLength();
            if (skip < own || node.links().isEmpty()) {
                current = node.content();
                currentEnd = node.contentOffset() + own;
                currentPos = node.contentOffset() + (int) Math.min(skip, own);
                if (!node.links().isEmpty()) {
                    path.push(new Frame(node, 0));
                }
                return;
            }
            skip -= own;
            long[] sizes = node.unixfs().blockSizes();
            int child = 0;
            while (child < sizes.length && skip >= sizes[child]) {
                skip -= sizes[child++];
            }
            if (child == sizes.length) {
                throw new UnixFsException("file node " + node.cid() + " ends before the requested offset");
            }
            path.push(new Frame(node, child + 1));
            node = Node.load(blocks, node.links().get(child).hash());
        }
    }

    /** Moves to the next leaf; false at the end of the DAG. */
    private boolean advance() throws IOException {
        while (!path.isEmpty()) {
            Frame top = path.pop();
            if (top.nextChild() < top.node().links().size()) {
                path.push(new Frame(top.node(), top.nextChild() + 1));
                PbLink link = top.node().links().get(top.nextChild());
                descend(load(link.hash()), 0);
                return true;
            }
        }
        return false;
    }

    private Node load(Cid cid) throws IOException {
        return Node.load(blocks, cid);
    }

    private boolean fill() throws IOException {
        while (currentPos >= currentEnd) {
            if (remaining == 0) {
                return false;
            }
            if (!advance()) {
                throw new UnixFsException("file DAG ends " + remaining + " bytes before its recorded size");
            }
        }
        return remaining > 0;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        remaining--;
        return current[currentPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, currentEnd - currentPos), remaining);
        System.arraycopy(current, currentPos, b, off, n);
        currentPos += n;
        remaining -= n;
        return n;
    }

    @Override
    public ByteBuffer nextChunk() throws IOException {
        if (!fill()) {
            return null;
        }
        int n = (int) Math.min(currentEnd - currentPos, remaining);
        ByteBuffer chunk = ByteBuffer.wrap(current, currentPos, n).slice();
        currentPos += n;
        remaining -= n;
        return chunk;
    }
}
