package io.pincluster.core.cid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A content identifier, version 0 or 1. Two CIDs are equal when their binary forms are equal, so a
 * CIDv0 and the CIDv1 of the same dag-pb block are different CIDs that share a {@link #multihash()}.
 * The string form is canonical: base58btc for v0, base32 for v1.
 */
public final class Cid implements Comparable<Cid> {
    private static final int V0_STRING_LENGTH = 46;
    /**
     * The longest CID string read. The longest CID this system accepts (v1, a 9-byte codec varint, an identity
     * multihash of 128 bytes) is about 230 characters in base32; anything longer is refused before base-decoding,
     * which is quadratic in the length for base58 and base36.
     */
    public static final int MAX_STRING_LENGTH = 512;

    private static final int V1_PREFIX = 0x01;
    /** Reads 8 bytes of the binary form at a time for {@link #hashCode}. */
    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    /** CIDs up to this many bytes (every sha2-256 CID: v0 34, v1 with a one-byte codec 36) are kept in fields. */
    static final int INLINE_MAX = 36;

    /*
     * Only the binary form is kept: a pinset holds millions of these, so version, codec and multihash are read back
     * from it when asked for instead of being stored next to them, and the hash code is computed on each call (a
     * stored one cost 8 bytes a CID with padding). A form of up to 36 bytes lives in this object's own fields, big-endian
     * and zero-padded ({@code head}, {@code w1}-{@code w3}, {@code w4}'s 4 bytes), with {@code bytes} null; a longer one
     * (identity CIDs of more than 32 bytes of content) in {@code bytes}. One object of 56 bytes instead of two of 24 + 56
     * (a CID and its array): at ten million pins 240 MB less heap, and ten million fewer objects a snapshot load copies
     * and a collection visits. Which form a CID takes depends only on its length, so equal CIDs always share a form.
     */
    /**
     * The first 8 bytes, big-endian, zero-padded: most comparisons are decided here without reaching further. The
     * pinset's ordered maps compare CIDs ~20 times per lookup, and each reach into another object is a likely cache
     * miss at a few hundred thousand pins (JFR put a fifth of three peers' CPU under the batch route in those lookups).
     */
    private final long head;
    private final long w1;
    private final long w2;
    private final long w3;
    private final int w4;
    /** The length of an inline form; 0 when {@link #bytes} holds the form. */
    private final byte inlineLength;
    /** The binary form when it is longer than {@link #INLINE_MAX}, else null. */
    private final byte[] bytes;

    /** Takes {@code in[offset..offset+length)}, which it does not keep. */
    private Cid(byte[] in, int offset, int length) {
        this.head = word(in, offset, length, 0);
        if (length <= INLINE_MAX) {
            this.w1 = word(in, offset, length, 8);
            this.w2 = word(in, offset, length, 16);
            this.w3 = word(in, offset, length, 24);
            this.w4 = (int) (word(in, offset, length, 32) >>> 32);
            this.inlineLength = (byte) length;
            this.bytes = null;
        } else {
            this.w1 = 0;
            this.w2 = 0;
            this.w3 = 0;
            this.w4 = 0;
            this.inlineLength = 0;
            this.bytes = Arrays.copyOfRange(in, offset, offset + length);
        }
    }

    private Cid(byte[] form) {
        this(form, 0, form.length);
    }

    /** Bytes {@code at..at+7} of {@code in[offset..offset+length)}, big-endian, zero past its end. */
    private static long word(byte[] in, int offset, int length, int at) {
        if (at + Long.BYTES <= length) {
            return (long) LONG_AT.get(in, offset + at);
        }
        long w = 0;
        for (int i = at; i < at + Long.BYTES; i++) {
            w = w << 8 | (i < length ? in[offset + i] & 0xFF : 0);
        }
        return w;
    }

    /** Word {@code i} (bytes {@code 8i..8i+7}) of an inline form. */
    private long inlineWord(int i) {
        return switch (i) {
            case 0 -> head;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> (long) w4 << 32;
        };
    }

    /** The binary form: the array itself when it is kept as one (never handed out), else put together. */
    private byte[] form() {
        if (bytes != null) {
            return bytes;
        }
        byte[] out = new byte[inlineLength];
        copyBytesTo(out, 0);
        return out;
    }

    public static Cid v0(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256) {
            throw new CidParseException("CIDv0 requires a sha2-256 multihash");
        }
        return new Cid(multihash.bytes());
    }

    public static Cid v1(Codec codec, Multihash multihash) {
        return new Cid(v1Bytes(codec, multihash));
    }

    /** Parses a CID string: a bare base58btc CIDv0 ({@code Qm...}) or a multibase CIDv1. */
    public static Cid parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new CidParseException("empty CID");
        }
        if (s.length() > MAX_STRING_LENGTH) {
            throw new CidParseException("CID string of " + s.length() + " characters is over the limit of "
                    + MAX_STRING_LENGTH);
        }
        if (s.length() == V0_STRING_LENGTH && s.startsWith("Qm")) {
            return decode(Multibase.BASE58BTC.decodeRaw(s));
        }
        if (s.startsWith("Qm")) {
            throw new CidParseException("CIDv0 must be " + V0_STRING_LENGTH + " characters, not " + s.length());
        }
        return decode(Multibase.decode(s));
    }

    /** Parses a binary CID; trailing bytes are an error. */
    public static Cid decode(byte[] in) {
        return decode(in, 0, in.length);
    }

    /** {@link #decode(byte[])} without the in-place shortcut: the reference the shortcut is tested against. */
    static Cid decodeGeneral(byte[] in) {
        Cid cid = decodePrefix(in, 0);
        if (cid.byteLength() != in.length) {
            throw new CidParseException("CID has " + (in.length - cid.byteLength()) + " trailing bytes");
        }
        return cid;
    }

    /**
     * Parses the binary CID that is exactly {@code in[offset..offset+length)}, trailing bytes being an error. The
     * usual shapes (CIDv1 whose version, codec, hash function and digest length are one byte each, and CIDv0) are
     * checked in place and copied once; a snapshot of ten million pins decodes ten million CIDs before a peer can
     * answer, and the general path makes four objects for each.
     */
    public static Cid decode(byte[] in, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, in.length);
        if (length >= 4 && in[offset] == V1_PREFIX) {
            byte codec = in[offset + 1];
            byte function = in[offset + 2];
            byte digestLength = in[offset + 3];
            // a byte below 0x80 is a whole varint, and minimally encoded
            if (codec >= 0 && function >= 0 && digestLength >= 0 && length == 4 + digestLength) {
                Codec.of(codec);
                Multihash.checkFunction(function, digestLength);
                return new Cid(in, offset, length);
            }
        } else if (length == 34 && in[offset] == Multihash.SHA2_256 && in[offset + 1] == 32) {
            return new Cid(in, offset, length);
        }
        return decodeGeneral(Arrays.copyOfRange(in, offset, offset + length));
    }

    /** Parses the binary CID that starts at {@code offset} (as in CAR sections); it may be followed by data. */
    public static Cid decodePrefix(byte[] in, int offset) {
        if (in.length - offset >= 2 && in[offset] == Multihash.SHA2_256 && in[offset + 1] == 32) {
            return v0(Multihash.decodePrefix(in, offset));
        }
        Varint.Decoded version = Varint.decode(in, offset);
        if (version.value() != 1) {
            throw new CidParseException("unsupported CID version " + version.value());
        }
        Varint.Decoded codec = Varint.decode(in, offset + version.length());
        Codec c = Codec.of(codec.value());
        return v1(c, Multihash.decodePrefix(in, offset + version.length() + codec.length()));
    }

    private static byte[] v1Bytes(Codec codec, Multihash mh) {
        byte[] out = new byte[1 + Varint.size(codec.code()) + mh.length()];
        int p = Varint.write(1, out, 0);
        p = Varint.write(codec.code(), out, p);
        mh.copyTo(out, p);
        return out;
    }

    public int version() {
        // a v1 CID starts with varint(1); a v0 CID is a bare sha2-256 multihash, starting with 0x12
        return (int) (head >>> 56) == V1_PREFIX ? 1 : 0;
    }

    public Codec codec() {
        return version() == 0 ? Codec.DAG_PB : Codec.of(Varint.decode(form(), 1).value());
    }

    /** The multihash part, decoded from the binary form on each call. */
    public Multihash multihash() {
        byte[] form = form();
        if (version() == 0) {
            return Multihash.decodePrefix(form, 0);
        }
        return Multihash.decodePrefix(form, 1 + Varint.decode(form, 1).length());
    }

    public byte[] bytes() {
        return bytes != null ? bytes.clone() : form();
    }

    /** Binary length without copying. */
    public int byteLength() {
        return bytes != null ? bytes.length : inlineLength;
    }

    public void copyBytesTo(byte[] out, int offset) {
        if (bytes != null) {
            System.arraycopy(bytes, 0, out, offset, bytes.length);
            return;
        }
        Objects.checkFromIndexSize(offset, inlineLength, out.length);
        int i = 0;
        for (; i + Long.BYTES <= inlineLength; i += Long.BYTES) {
            LONG_AT.set(out, offset + i, inlineWord(i / Long.BYTES));
        }
        if (i < inlineLength) {
            long w = inlineWord(i / Long.BYTES);
            for (int k = 0; i < inlineLength; i++, k++) {
                out[offset + i] = (byte) (w >>> (56 - 8 * k));
            }
        }
    }

    /** The CIDv1 of the same content (a v1 CID is returned as is). */
    public Cid toV1() {
        return version() == 1 ? this : v1(Codec.DAG_PB, multihash());
    }

    /** The CIDv0 of the same content; only dag-pb with sha2-256 has one. */
    public Cid toV0() {
        if (version() == 0) {
            return this;
        }
        Codec codec = codec();
        Multihash multihash = multihash();
        if (codec != Codec.DAG_PB || multihash.code() != Multihash.SHA2_256) {
            throw new CidParseException("only dag-pb sha2-256 CIDs have a v0 form; this one is "
                    + codec.label() + " 0x" + Integer.toHexString(multihash.code()));
        }
        return v0(multihash);
    }

    /** The string in a chosen multibase; CIDv0 can only be written in bare base58btc. */
    public String toString(Multibase base) {
        if (version() == 0) {
            if (base != Multibase.BASE58BTC) {
                throw new IllegalArgumentException("CIDv0 is always base58btc");
            }
            return Multibase.BASE58BTC.encodeRaw(form());
        }
        return base.encode(form());
    }

    @Override
    public String toString() {
        return version() == 0 ? Multibase.BASE58BTC.encodeRaw(form()) : Multibase.BASE32.encode(form());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && head == other.head && w1 == other.w1 && w2 == other.w2 && w3 == other.w3
                && w4 == other.w4 && inlineLength == other.inlineLength && Arrays.equals(bytes, other.bytes);
    }

    /**
     * Every byte, 8 at a time, each step multiplied and folded so that every byte reaches the low bits hash tables
     * use. Computed per call (~5 ns for 36 bytes) rather than stored: a stored one cost 8 bytes a CID with padding.
     * Not the first and last 8 bytes alone: identity CIDs of similar content (a counter in the middle) would collide,
     * and a hash map of them turns into trees (seen: 10 million inline pins, a restart stuck in tree-bin inserts).
     */
    @Override
    public int hashCode() {
        if (bytes == null) {
            long h = inlineLength;
            int words = inlineLength / Long.BYTES;
            for (int i = 0; i < words; i++) {
                h = (h ^ inlineWord(i)) * MIX;
                h ^= h >>> 29;
            }
            int restBytes = inlineLength % Long.BYTES;
            long rest = restBytes == 0 ? 0 : inlineWord(words) >>> (Long.SIZE - Byte.SIZE * restBytes);
            h = (h ^ rest) * MIX;
            return (int) (h ^ h >>> 32);
        }
        byte[] b = bytes;
        long h = b.length;
        int i = 0;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            h = (h ^ (long) LONG_AT.get(b, i)) * MIX;
            h ^= h >>> 29;
        }
        long rest = 0;
        for (; i < b.length; i++) {
            rest = rest << 8 | (b[i] & 0xFF);
        }
        h = (h ^ rest) * MIX;
        return (int) (h ^ h >>> 32);
    }

    /**
     * The first 8 bytes of the binary form, big-endian, zero-padded: {@link #compareTo} orders by this first (unsigned),
     * so a sorted structure can keep these in a primitive array and compare most keys without reaching the CID.
     */
    public long orderingHead() {
        return head;
    }

    /**
     * Orders by binary form, the order the pinset and status streams use. Two different heads order as the arrays
     * do: the first byte where the zero-padded heads differ is within both arrays, or past the end of the shorter
     * one, which then ends in zeros the longer one does not have, so it is a prefix and sorts first either way.
     */
    @Override
    public int compareTo(Cid o) {
        int c = Long.compareUnsigned(head, o.head);
        if (c != 0) {
            return c;
        }
        if (bytes != null || o.bytes != null) {
            return Arrays.compareUnsigned(form(), o.form());
        }
        // zero-padded words order as the arrays do, up to a prefix; then the shorter one first
        c = Long.compareUnsigned(w1, o.w1);
        if (c == 0) {
            c = Long.compareUnsigned(w2, o.w2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w3, o.w3);
        }
        if (c == 0) {
            c = Integer.compareUnsigned(w4, o.w4);
        }
        return c != 0 ? c : Integer.compare(inlineLength, o.inlineLength);
    }
}
