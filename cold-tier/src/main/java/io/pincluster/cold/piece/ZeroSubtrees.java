package io.pincluster.cold.piece;

import io.pincluster.core.cid.Multihash;
import java.security.MessageDigest;

/**
 * The roots of all-zero subtrees: Z[0] is a zero leaf, Z[i] = node(Z[i-1], Z[i-1]). Zeros Fr32-expand to zeros, so
 * the zero padding of a payload is a run of zero leaves, and every aligned power-of-two run of them has root Z[i]:
 * the padding is added in at most one hash per level instead of being hashed byte by byte.
 */
final class ZeroSubtrees {
    /** Heights 0 to {@link PieceSize#MAX_HEIGHT}. */
    private static final byte[][] ROOTS = compute();

    private ZeroSubtrees() {
    }

    private static byte[][] compute() {
        MessageDigest sha256 = Multihash.newSha256();
        byte[][] roots = new byte[PieceSize.MAX_HEIGHT + 1][];
        roots[0] = new byte[NodeHash.NODE];
        byte[] pair = new byte[2 * NodeHash.NODE];
        for (int h = 1; h < roots.length; h++) {
            System.arraycopy(roots[h - 1], 0, pair, 0, NodeHash.NODE);
            System.arraycopy(roots[h - 1], 0, pair, NodeHash.NODE, NodeHash.NODE);
            roots[h] = new byte[NodeHash.NODE];
            NodeHash.parent(sha256, pair, 0, roots[h], 0);
        }
        return roots;
    }

    /** The root of an all-zero tree of {@code height} (a tree of 2^height leaves); the caller must not modify it. */
    static byte[] rootShared(int height) {
        return ROOTS[height];
    }

    /** The root of an all-zero tree of {@code height}, a copy. */
    static byte[] root(int height) {
        if (height < 0 || height > PieceSize.MAX_HEIGHT) {
            throw new IllegalArgumentException("height must be 0 to " + PieceSize.MAX_HEIGHT + ": " + height);
        }
        return ROOTS[height].clone();
    }
}
