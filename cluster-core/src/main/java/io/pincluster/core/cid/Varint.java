package io.pincluster.core.cid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Unsigned LEB128 varints, the one implementation every format here uses. Multiformats' rules (at most 9 bytes,
 * minimally encoded, up to 2^63-1) are the default; protobuf's (at most 10 bytes, padding allowed, any 64-bit
 * pattern written) are available to the protobuf codecs through {@link Rules#PROTOBUF} and the
 * {@code Unsigned} writers.
 */
public final class Varint {
    /** Multiformats caps varints at 9 bytes (63 bits). */
    public static final int MAX_BYTES = 9;
    /** A 64-bit value takes at most 10 bytes (protobuf's limit). */
    public static final int MAX_BYTES_64 = 10;

    private Varint() {
    }

    /** A decoded varint and the number of bytes it took. */
    public record Decoded(long value, int length) {
    }

    /** The rules a decoder holds a varint to. */
    public enum Rules {
        /** Multiformats: at most 9 bytes, minimally encoded; so never above 2^63-1. */
        MULTIFORMATS(MAX_BYTES, true),
        /**
         * Protobuf: at most 10 bytes, padding (non-minimal encodings) allowed as protobuf allows it; values above
         * 2^63-1 are refused, as no size or length read here can be that large.
         */
        PROTOBUF(MAX_BYTES_64, false);

        private final int maxBytes;
        private final boolean minimal;

        Rules(int maxBytes, boolean minimal) {
            this.maxBytes = maxBytes;
            this.minimal = minimal;
        }

        public int maxBytes() {
            return maxBytes;
        }
    }

    /** What is wrong with a varint that could not be decoded. */
    public enum Problem {
        /** The input ended inside the varint. */
        TRUNCATED,
        /** A shorter encoding of the same value exists, and the rules ask for the shortest. */
        NOT_MINIMAL,
        /** More bytes than the rules allow. */
        TOO_LONG,
        /** The value does not fit in 63 bits. */
        TOO_LARGE
    }

    /** Makes the exception a caller raises for a malformed varint, in its own type and wording. */
    @FunctionalInterface
    public interface Errors {
        /** The failure for {@code problem} in the varint that starts at {@code offset}. */
        RuntimeException at(Problem problem, int offset);
    }

    private static final Errors CID_ERRORS = (problem, offset) -> new CidParseException(switch (problem) {
        case TRUNCATED -> "truncated varint";
        case NOT_MINIMAL -> "varint is not minimally encoded";
        case TOO_LONG -> "varint longer than " + MAX_BYTES + " bytes";
        case TOO_LARGE -> "varint larger than 2^63-1";
    });

    /** Bytes {@code value} takes; it must be non-negative (multiformats varints hold 63 bits). */
    public static int size(long value) {
        checkNonNegative(value);
        return sizeUnsigned(value);
    }

    /** Bytes {@code value} takes, read as an unsigned 64-bit number (a negative value takes 10, as in protobuf). */
    public static int sizeUnsigned(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes non-negative {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] out, int offset) {
        checkNonNegative(value);
        return writeUnsigned(value, out, offset);
    }

    /** Writes {@code value}, read as an unsigned 64-bit number, at {@code offset}; returns the offset after it. */
    public static int writeUnsigned(long value, byte[] out, int offset) {
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    public static void write(long value, ByteArrayOutputStream out) {
        byte[] b = new byte[MAX_BYTES + 1];
        out.write(b, 0, write(value, b, 0));
    }

    public static Decoded decode(byte[] in, int offset) {
        return decode(in, offset, in.length);
    }

    /** Decodes a multiformats varint from {@code in[offset..limit)}; a malformed one is a {@link CidParseException}. */
    public static Decoded decode(byte[] in, int offset, int limit) {
        return decode(in, offset, limit, Rules.MULTIFORMATS, CID_ERRORS);
    }

    /**
     * Decodes a varint from {@code in[offset..limit)} under {@code rules}; a malformed one is reported as the
     * exception {@code errors} makes, given the offset the varint starts at.
     */
    public static Decoded decode(byte[] in, int offset, int limit, Rules rules, Errors errors) {
        long value = 0;
        for (int i = 0; i < rules.maxBytes; i++) {
            if (offset + i >= limit) {
                throw errors.at(Problem.TRUNCATED, offset);
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (rules.minimal && b == 0 && i > 0) {
                    throw errors.at(Problem.NOT_MINIMAL, offset);
                }
                // bit 63 set, or bits past 64 in a tenth byte: only reachable under protobuf's 10-byte limit
                if (value < 0 || (i == 9 && b > 1)) {
                    throw errors.at(Problem.TOO_LARGE, offset);
                }
                return new Decoded(value, i + 1);
            }
        }
        throw errors.at(Problem.TOO_LONG, offset);
    }

    /**
     * Reads one multiformats varint from a stream; returns -1 on a clean end of stream before the first byte. A
     * stream has no offset to report, so the errors name none.
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw CID_ERRORS.at(Problem.TRUNCATED, 0);
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw CID_ERRORS.at(Problem.NOT_MINIMAL, 0);
                }
                return value;
            }
        }
        throw CID_ERRORS.at(Problem.TOO_LONG, 0);
    }

    private static void checkNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
