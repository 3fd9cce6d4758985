package io.pincluster.cold.piece;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The node function of the piece tree (multihash sha2-256-trunc254-padded): SHA-256 of the 64 bytes of two
 * children, with the top two bits of the last byte cleared so that the node is again a field element below 2^254.
 */
final class NodeHash {
    static final int NODE = 32;

    private NodeHash() {
    }

    /** Hashes {@code in[inOff..inOff+64)} (left child then right child) into {@code out[outOff..outOff+32)}. */
    static void parent(MessageDigest sha256, byte[] in, int inOff, byte[] out, int outOff) {
        sha256.update(in, inOff, 2 * NODE);
        try {
            sha256.digest(out, outOff, NODE);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes; the buffer always has room", e);
        }
        out[outOff + NODE - 1] &= 0x3F;
    }
}
