package io.pincluster.core.cid;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: {@code varint(code) varint(length) digest}. Only the functions content in
 * this system is addressed with are accepted; anything else is rejected by name, because a CID whose
 * hash we cannot verify can never be served safely.
 */
public final class Multihash {
    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** Inline (identity) digests are meant for tiny data; Kubo refuses anything over 128 bytes. */
    public static final int MAX_IDENTITY_LENGTH = 128;
    /**
     * Never updated, only cloned: a clone skips the provider lookup of {@code getInstance}, which cost as much as
     * hashing a small block (every block read is verified, and a leader's repair decisions read each pin's root).
     */
    private static final MessageDigest SHA256_PROTOTYPE = sha256Instance();

    private final byte[] bytes;
    private final int code;
    private final int digestOffset;

    private Multihash(byte[] bytes, int code, int digestOffset) {
        this.bytes = bytes;
        this.code = code;
        this.digestOffset = digestOffset;
    }

    /** Parses a complete multihash; trailing bytes are an error. */
    public static Multihash decode(byte[] bytes) {
        Multihash mh = decodePrefix(bytes, 0);
        if (mh.bytes.length != bytes.length) {
            throw new CidParseException("multihash has " + (bytes.length - mh.bytes.length) + " trailing bytes");
        }
        return mh;
    }

    /** Parses the multihash that starts at {@code offset}; it may be followed by other bytes. */
    public static Multihash decodePrefix(byte[] in, int offset) {
        Varint.Decoded code = Varint.decode(in, offset);
        Varint.Decoded length = Varint.decode(in, offset + code.length());
        int header = code.length() + length.length();
        long digestLength = length.value();
        checkFunction(code.value(), digestLength);
        if (offset + header + digestLength > in.length) {
            throw new CidParseException("multihash digest truncated: want " + digestLength + " bytes, have "
                    + (in.length - offset - header));
        }
        byte[] bytes = Arrays.copyOfRange(in, offset, offset + header + (int) digestLength);
        return new Multihash(bytes, (int) code.value(), header);
    }

    /** Refuses a hash function this build does not know, or a digest length wrong for it. */
    static void checkFunction(long code, long digestLength) {
        if (code == SHA2_256) {
            if (digestLength != 32) {
                throw new CidParseException("sha2-256 digest must be 32 bytes, not " + digestLength);
            }
        } else if (code == IDENTITY) {
            if (digestLength > MAX_IDENTITY_LENGTH) {
                throw new CidParseException("identity digest of " + digestLength + " bytes is over the limit of "
                        + MAX_IDENTITY_LENGTH);
            }
        } else {
            throw new CidParseException("unsupported multihash function 0x" + Long.toHexString(code)
                    + " (supported: sha2-256 0x12, identity 0x00)");
        }
    }

    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static Multihash sha256(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return ofDigest(SHA2_256, md.digest());
    }

    public static Multihash identity(byte[] data) {
        return ofDigest(IDENTITY, data);
    }

    public static Multihash ofDigest(int code, byte[] digest) {
        checkFunction(code, digest.length);
        byte[] out = new byte[Varint.size(code) + Varint.size(digest.length) + digest.length];
        int p = Varint.write(code, out, 0);
        p = Varint.write(digest.length, out, p);
        System.arraycopy(digest, 0, out, p, digest.length);
        return new Multihash(out, code, p);
    }

    public static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Instance(); // a provider whose digests cannot be cloned: look it up each time
        }
    }


    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** True when {@code data} hashes to this multihash. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    public boolean matches(byte[] data, int offset, int length) {
        if (code == IDENTITY) {
            return Arrays.equals(bytes, digestOffset, bytes.length, data, offset, offset + length);
        }
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return MessageDigest.isEqual(md.digest(), digest());
    }

    public int code() {
        return code;
    }

    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
