package io.pincluster.cold.piece;

/**
 * Computes a payload's piece commitment (CommP) as its bytes stream past, in constant memory and whatever the
 * chunking: the payload is cut into 127-byte blocks, each Fr32-expanded to four 32-byte leaves, and the leaves go
 * into a {@link PieceTree}. {@link #finish()} zero-pads the last block and closes the tree with all-zero subtrees
 * up to the height the payload size calls for.
 *
 * <p>One hasher per payload; not thread-safe. It hashes about twice the payload's bytes with SHA-256 (three
 * hashes of 64 bytes per 127-byte block, then the upper tree).
 */
public final class PieceHasher {
    private final PieceTree tree = new PieceTree();
    private final byte[] block = new byte[Fr32.IN];
    private final byte[] leaves = new byte[Fr32.OUT];
    private int blockFill;
    private long payloadSize;
    private boolean finished;

    /** Adds {@code data[off..off+len)} to the payload. */
    public void update(byte[] data, int off, int len) {
        if (finished) {
            throw new IllegalStateException("the piece was already finished");
        }
        if (off < 0 || len < 0 || len > data.length - off) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") of " + data.length);
        }
        if (len > PieceSize.MAX_PAYLOAD_SIZE - payloadSize) {
            throw new PieceSizeException("payload would reach " + (payloadSize + len) + " bytes, over the maximum of "
                    + PieceSize.MAX_PAYLOAD_SIZE + " (a 64 GiB piece); split it across archives");
        }
        payloadSize += len;
        if (blockFill > 0) {
            int n = Math.min(len, Fr32.IN - blockFill);
            System.arraycopy(data, off, block, blockFill, n);
            blockFill += n;
            off += n;
            len -= n;
            if (blockFill < Fr32.IN) {
                return;
            }
            addBlock(block, 0);
            blockFill = 0;
        }
        // whole blocks straight from the caller's array: no copy on the common path of large writes
        while (len >= Fr32.IN) {
            addBlock(data, off);
            off += Fr32.IN;
            len -= Fr32.IN;
        }
        System.arraycopy(data, off, block, 0, len);
        blockFill = len;
    }

    public void update(byte[] data) {
        update(data, 0, data.length);
    }

    /** Bytes added so far. */
    public long payloadSize() {
        return payloadSize;
    }

    /**
     * The piece of everything added. The hasher cannot be used afterwards. A payload under 65 bytes gets a
     * {@link PieceInfo} too (its v2 CID is defined); only its {@link PieceInfo#cidV1()} is refused.
     */
    public PieceInfo finish() {
        if (finished) {
            throw new IllegalStateException("the piece was already finished");
        }
        finished = true;
        // an empty payload still makes one (all-zero) block: the smallest piece has four leaves
        if (blockFill > 0 || payloadSize == 0) {
            java.util.Arrays.fill(block, blockFill, Fr32.IN, (byte) 0);
            addBlock(block, 0);
            blockFill = 0;
        }
        PieceSize size = PieceSize.ofPayload(payloadSize);
        return PieceInfo.of(tree.root(size.height()), payloadSize);
    }

    private void addBlock(byte[] in, int off) {
        Fr32.expand(in, off, leaves, 0);
        tree.addQuad(leaves, 0);
    }
}
