package io.pincluster.ipld.dagpb;

/**
 * Protobuf wire-format writing primitives. Encoders first add up sizes with these, allocate one exact
 * array, then write into it: no intermediate buffers or copies.
 */
public final class ProtoWire {
    public static final int WIRE_VARINT = 0;
    public static final int WIRE_LEN = 2;

    private ProtoWire() {
    }

    /** Bytes a protobuf varint of {@code value} (taken as unsigned 64-bit) occupies. */
    public static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    public static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    /** Size of a varint field: tag + value. */
    public static int varintFieldSize(int field, long value) {
        return tagSize(field) + varintSize(value);
    }

    /** Size of a length-delimited field: tag + length + payload. */
    public static int lenFieldSize(int field, int payloadLength) {
        return tagSize(field) + varintSize(payloadLength) + payloadLength;
    }

    public static int writeVarint(long value, byte[] out, int offset) {
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    public static int writeTag(int field, int wireType, byte[] out, int offset) {
        return writeVarint(((long) field << 3) | wireType, out, offset);
    }

    public static int writeVarintField(int field, long value, byte[] out, int offset) {
        return writeVarint(value, out, writeTag(field, WIRE_VARINT, out, offset));
    }

    /** Writes tag and length of a length-delimited field; the caller writes the payload after it. */
    public static int writeLenHeader(int field, int payloadLength, byte[] out, int offset) {
        return writeVarint(payloadLength, out, writeTag(field, WIRE_LEN, out, offset));
    }

    public static int writeBytesField(int field, byte[] payload, int from, int length, byte[] out, int offset) {
        int p = writeLenHeader(field, length, out, offset);
        System.arraycopy(payload, from, out, p, length);
        return p + length;
    }
}
