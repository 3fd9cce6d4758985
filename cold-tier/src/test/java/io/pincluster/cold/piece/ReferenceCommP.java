package io.pincluster.cold.piece;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * CommP the slow, obvious way, as the Filecoin spec defines it, to check the streaming hasher against: pad the whole
 * payload, Fr32-expand it bit by bit (not with the byte shifts of {@link Fr32}), then hash the full tree level by
 * level, padding included. Only for payloads of a few KiB.
 */
final class ReferenceCommP {
    private ReferenceCommP() {
    }

    static byte[] root(byte[] payload) {
        PieceSize size = PieceSize.ofPayload(payload.length);
        byte[] padded = Arrays.copyOf(payload, (int) size.paddedPayloadSize());
        byte[] leaves = new byte[(int) size.pieceSize()];
        for (int block = 0; block < padded.length / 127; block++) {
            for (int i = 0; i < 127 * 8; i++) {
                int bit = (padded[block * 127 + i / 8] >> (i % 8)) & 1;
                int out = (i / 254) * 256 + i % 254; // 254 bits per 32-byte chunk, bits 254 and 255 stay zero
                leaves[block * 128 + out / 8] |= (byte) (bit << (out % 8));
            }
        }
        byte[][] level = new byte[leaves.length / 32][];
        for (int i = 0; i < level.length; i++) {
            level[i] = Arrays.copyOfRange(leaves, 32 * i, 32 * i + 32);
        }
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                MessageDigest sha = sha256();
                sha.update(level[2 * i]);
                sha.update(level[2 * i + 1]);
                up[i] = sha.digest();
                up[i][31] &= 0x3F;
            }
            level = up;
        }
        return level[0];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
