package io.pincluster.core.cid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Unsigned LEB128 varints as multiformats uses them: at most 9 bytes, minimally encoded, up to 2^63-1. */
public final class Varint {
    /** Multiformats caps varints at 9 bytes (63 bits). */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** A decoded varint and the number of bytes it took. */
    public record Decoded(long value, int length) {
    }

    public static int size(long value) {
        checkNonNegative(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] out, int offset) {
        checkNonNegative(value);
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

    /** Decodes a varint from {@code in[offset..limit)}. */
    public static Decoded decode(byte[] in, int offset, int limit) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= limit) {
                throw new CidParseException("truncated varint");
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CidParseException("varint is not minimally encoded");
                }
                return new Decoded(value, i + 1);
            }
        }
        throw new CidParseException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** Reads one varint from a stream; returns -1 on a clean end of stream before the first byte. */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new CidParseException("truncated varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CidParseException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new CidParseException("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void checkNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
