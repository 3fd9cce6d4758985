package io.pincluster.cold.piece;

import io.pincluster.core.cid.Multihash;
import java.security.MessageDigest;

/**
 * The piece's Merkle tree built as the leaves arrive, in constant memory: at most one pending node per level,
 * merged upwards like the carries of a binary counter. Leaves come in groups of four (one Fr32 expansion), hashed
 * straight to their height-2 subtree root.
 */
final class PieceTree {
    private static final int NODE = NodeHash.NODE;

    private final MessageDigest sha256 = Multihash.newSha256();
    /**
     * pending[level][0..32) holds the waiting left node of that level; [32..64) is where its right sibling is put so
     * that the pair is hashed in place, without a copy per merge.
     */
    private final byte[][] pending = new byte[PieceSize.MAX_HEIGHT + 1][2 * NODE];
    private final boolean[] present = new boolean[PieceSize.MAX_HEIGHT + 1];
    private final byte[] pair = new byte[2 * NODE];
    private final byte[] node = new byte[NODE];

    /** Adds the four leaves {@code leaves[off..off+128)}, the next Fr32 expansion of the payload. */
    void addQuad(byte[] leaves, int off) {
        NodeHash.parent(sha256, leaves, off, pair, 0);
        NodeHash.parent(sha256, leaves, off + 2 * NODE, pair, NODE);
        NodeHash.parent(sha256, pair, 0, node, 0);
        push(node, PieceSize.MIN_HEIGHT);
    }

    private void push(byte[] right, int level) {
        while (present[level]) {
            byte[] slot = pending[level];
            System.arraycopy(right, 0, slot, NODE, NODE);
            NodeHash.parent(sha256, slot, 0, right, 0);
            present[level] = false;
            level++;
        }
        System.arraycopy(right, 0, pending[level], 0, NODE);
        present[level] = true;
    }

    /**
     * The root of the tree of {@code height} whose leaves are those added, then zeros. Each pending node is the left
     * sibling of everything added after it, and the zero leaves that follow make aligned all-zero subtrees, so the
     * missing right halves are {@link ZeroSubtrees} roots: one hash per level instead of hashing the padding.
     */
    byte[] root(int height) {
        byte[] carry = null;
        for (int level = PieceSize.MIN_HEIGHT; level < height; level++) {
            if (present[level]) {
                System.arraycopy(pending[level], 0, pair, 0, NODE);
                System.arraycopy(carry == null ? ZeroSubtrees.rootShared(level) : carry, 0, pair, NODE, NODE);
            } else if (carry != null) {
                System.arraycopy(carry, 0, pair, 0, NODE);
                System.arraycopy(ZeroSubtrees.rootShared(level), 0, pair, NODE, NODE);
            } else {
                continue;
            }
            carry = new byte[NODE];
            NodeHash.parent(sha256, pair, 0, carry, 0);
        }
        if (carry != null) {
            return carry;
        }
        if (!present[height]) {
            throw new IllegalStateException("no leaves were added for a tree of height " + height);
        }
        return java.util.Arrays.copyOf(pending[height], NODE);
    }
}
