package io.pincluster.ipld.dagpb;

import java.util.function.Function;

/**
 * A strict cursor over a protobuf message in {@code buf[offset..limit)}. Every malformation (truncated
 * varint or length, overflow, unsupported wire type) is reported through the caller's exception factory
 * so each format can raise its own typed error with its own wording.
 */
public final class ProtoReader {
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] buf;
    private final int limit;
    private final Function<String, ? extends RuntimeException> errors;
    private int pos;
    private int lastLength;

    public ProtoReader(byte[] buf, int offset, int limit, Function<String, ? extends RuntimeException> errors) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.errors = errors;
    }

    public boolean hasMore() {
        return pos < limit;
    }

    public int position() {
        return pos;
    }

    /** Reads a tag; returns it whole ({@code field << 3 | wireType}). */
    public int readTag() {
        int at = pos;
        long tag = readVarint();
        long field = tag >>> 3;
        if (field == 0 || field > Integer.MAX_VALUE >>> 3) {
            throw errors.apply("invalid field number " + field + " at offset " + at);
        }
        return (int) tag;
    }

    public static int field(int tag) {
        return tag >>> 3;
    }

    public static int wireType(int tag) {
        return tag & 7;
    }

    /** A varint no larger than 2^63-1 (every size and length this system reads fits). */
    public long readVarint() {
        int at = pos;
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos >= limit) {
                throw errors.apply("truncated varint at offset " + at);
            }
            int b = buf[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value < 0 || (i == 9 && b > 1)) {
                    throw errors.apply("varint at offset " + at + " is larger than 2^63-1");
                }
                return value;
            }
        }
        throw errors.apply("varint at offset " + at + " is longer than 10 bytes");
    }

    /**
     * Reads the length prefix of a length-delimited field and checks it fits; returns the payload's start
     * offset and leaves the cursor after the payload. Use {@link #lastLength()} for its size.
     */
    public int readLengthDelimited() {
        int at = pos;
        long len = readVarint();
        if (len > limit - pos) {
            throw errors.apply("length " + len + " at offset " + at + " runs past the end of the message ("
                    + (limit - pos) + " bytes left)");
        }
        int start = pos;
        lastLength = (int) len;
        pos += (int) len;
        return start;
    }

    public int lastLength() {
        return lastLength;
    }

    /** Fails with a message naming the field and what was expected. */
    public RuntimeException error(String message) {
        return errors.apply(message);
    }
}
