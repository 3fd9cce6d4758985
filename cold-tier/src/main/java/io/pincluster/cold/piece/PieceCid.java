package io.pincluster.cold.piece;

import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Varint;
import java.util.Arrays;

/**
 * A piece CID in one of its two forms. It is its own type, not a {@link io.pincluster.core.cid.Cid}: pieces name
 * padded Merkle roots, not blocks, so no block store may ever be asked for one, and their multihash functions cannot
 * be verified against block bytes.
 * <ul>
 *   <li>v1 (what Lotus and storage deals use): CIDv1, codec fil-commitment-unsealed 0xf101, multihash
 *       sha2-256-trunc254-padded 0x1012 over the 32-byte root; {@code baga6ea4seaq…}. It carries no size, so it
 *       travels with the piece size.</li>
 *   <li>v2 (FRC-0069): CIDv1, codec raw 0x55, multihash fr32-sha256-trunc254-padbintree 0x1011 whose digest is
 *       {@code uvarint(padding) | uint8(height) | root}; {@code bafkzcibc…} for a padding under 128. It determines
 *       the payload size. The pre-final draft's 33-byte digest without the padding ({@code bafkzcibb…}, written by
 *       @web3-storage/data-segment before 4.0) is refused: its length check fails.</li>
 * </ul>
 */
public final class PieceCid {
    /** Multicodec fil-commitment-unsealed. */
    public static final int FIL_COMMITMENT_UNSEALED = 0xf101;
    /** Multihash sha2-256-trunc254-padded: the bare root. */
    public static final int SHA2_256_TRUNC254_PADDED = 0x1012;
    /** Multicodec raw, the codec of a v2 piece CID. */
    public static final int RAW = 0x55;
    /** Multihash fr32-sha256-trunc254-padbintree: padding, height and root. */
    public static final int FR32_SHA256_TRUNC254_PADBINTREE = 0x1011;

    private static final int ROOT = NodeHash.NODE;
    /** A v1 piece CID is 64 characters, a v2 one at most ~80: anything much longer is refused before decoding. */
    private static final int MAX_STRING_LENGTH = 200;

    private final byte[] bytes;
    private final int version;
    private final byte[] root;
    private final long padding;
    private final int height;

    private PieceCid(byte[] bytes, int version, byte[] root, long padding, int height) {
        this.bytes = bytes;
        this.version = version;
        this.root = root;
        this.padding = padding;
        this.height = height;
    }

    /** The v1 piece CID of {@code root}. */
    static PieceCid v1(byte[] root) {
        byte[] out = new byte[1 + Varint.size(FIL_COMMITMENT_UNSEALED) + Varint.size(SHA2_256_TRUNC254_PADDED) + 1
                + ROOT];
        int p = Varint.write(1, out, 0);
        p = Varint.write(FIL_COMMITMENT_UNSEALED, out, p);
        p = Varint.write(SHA2_256_TRUNC254_PADDED, out, p);
        p = Varint.write(ROOT, out, p);
        System.arraycopy(root, 0, out, p, ROOT);
        return new PieceCid(out, 1, root.clone(), -1, -1);
    }

    /** The v2 piece CID of {@code root} over a tree of {@code height} whose payload was padded by {@code padding}. */
    static PieceCid v2(byte[] root, long padding, int height) {
        int digestLength = Varint.size(padding) + 1 + ROOT;
        byte[] out = new byte[1 + Varint.size(RAW) + Varint.size(FR32_SHA256_TRUNC254_PADBINTREE)
                + Varint.size(digestLength) + digestLength];
        int p = Varint.write(1, out, 0);
        p = Varint.write(RAW, out, p);
        p = Varint.write(FR32_SHA256_TRUNC254_PADBINTREE, out, p);
        p = Varint.write(digestLength, out, p);
        p = Varint.write(padding, out, p);
        out[p++] = (byte) height;
        System.arraycopy(root, 0, out, p, ROOT);
        return new PieceCid(out, 2, root.clone(), padding, height);
    }

    /** Parses the string form (any multibase the core reads; piece CIDs are written in base32). */
    public static PieceCid parse(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_STRING_LENGTH) {
            throw new CidParseException("not a piece CID: empty or over " + MAX_STRING_LENGTH + " characters");
        }
        return decode(Multibase.decode(s));
    }

    /** Parses the binary form; anything but exactly a v1 or v2 piece CID is refused. */
    public static PieceCid decode(byte[] in) {
        Cursor c = new Cursor(in);
        if (c.varint() != 1) {
            throw new CidParseException("a piece CID is a CIDv1");
        }
        long codec = c.varint();
        long function = c.varint();
        long digestLength = c.varint();
        if (codec == FIL_COMMITMENT_UNSEALED) {
            if (function != SHA2_256_TRUNC254_PADDED || digestLength != ROOT) {
                throw new CidParseException("a v1 piece CID holds a 32-byte sha2-256-trunc254-padded (0x1012) "
                        + "multihash, not function 0x" + Long.toHexString(function) + " of " + digestLength + " bytes");
            }
            byte[] root = c.root();
            c.end();
            return new PieceCid(in.clone(), 1, root, -1, -1);
        }
        if (codec != RAW || function != FR32_SHA256_TRUNC254_PADBINTREE) {
            throw new CidParseException("not a piece CID: codec 0x" + Long.toHexString(codec) + ", multihash 0x"
                    + Long.toHexString(function) + " (v1: 0xf101/0x1012, v2: 0x55/0x1011)");
        }
        int start = c.pos;
        long padding = c.varint();
        int height = c.uint8();
        if (digestLength != c.pos - start + ROOT) {
            throw new CidParseException("v2 piece CID digest is " + digestLength + " bytes; padding and height make it "
                    + (c.pos - start + ROOT) + " (a pre-FRC-0069 bafkzcibb… link has no padding)");
        }
        byte[] root = c.root();
        c.end();
        try {
            PieceSize.ofHeight(height, PieceSize.paddedPayloadSize(height) - padding);
        } catch (PieceSizeException e) {
            throw new CidParseException("v2 piece CID states impossible sizes (padding " + padding + ", height "
                    + height + "): " + e.getMessage());
        }
        return new PieceCid(in.clone(), 2, root, padding, height);
    }

    /** 1 (fil-commitment-unsealed, root only) or 2 (FRC-0069, with padding and height); both are CIDv1s. */
    public int version() {
        return version;
    }

    /** The 32-byte piece commitment (CommP). */
    public byte[] root() {
        return root.clone();
    }

    /** The v2 padding (U − n); a v1 piece CID does not know it. */
    public long padding() {
        requireV2("padding");
        return padding;
    }

    /** The v2 tree height; a v1 piece CID does not know it. */
    public int height() {
        requireV2("height");
        return height;
    }

    private void requireV2(String what) {
        if (version != 2) {
            throw new IllegalStateException("a v1 piece CID carries no " + what + "; it travels with the piece size");
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return Multibase.BASE32.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceCid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private static void checkRoot(byte[] root) {
        if ((root[ROOT - 1] & 0xC0) != 0) {
            throw new CidParseException("piece commitment has bits 254/255 set: not a field element, so no CommP");
        }
    }

    private static final class Cursor {
        private final byte[] in;
        private int pos;

        Cursor(byte[] in) {
            this.in = in;
        }

        long varint() {
            Varint.Decoded d = Varint.decode(in, pos);
            pos += d.length();
            return d.value();
        }

        int uint8() {
            if (pos >= in.length) {
                throw new CidParseException("piece CID truncated in its height");
            }
            return in[pos++] & 0xFF;
        }

        byte[] root() {
            if (in.length - pos < ROOT) {
                throw new CidParseException("piece CID truncated: its root needs " + ROOT + " bytes, "
                        + (in.length - pos) + " left");
            }
            byte[] root = Arrays.copyOfRange(in, pos, pos + ROOT);
            pos += ROOT;
            checkRoot(root);
            return root;
        }

        void end() {
            if (pos != in.length) {
                throw new CidParseException("piece CID has " + (in.length - pos) + " trailing bytes");
            }
        }
    }
}
