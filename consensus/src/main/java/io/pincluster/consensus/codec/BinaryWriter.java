package io.pincluster.consensus.codec;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Varint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Appends varints, strings and CIDs to a growable buffer; reusable after {@link #reset()}. */
public final class BinaryWriter {
    private byte[] buf;
    private int size;

    public BinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryWriter reset() {
        size = 0;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal buffer; valid up to {@link #size()} until the next write. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    /**
     * Starts a length-prefixed record; write its fields, then call {@link #endRecord} with the returned mark.
     * One byte is reserved for the length, which covers records under 128 bytes; longer ones are moved up by
     * the extra length bytes when the record ends (one short copy, cheaper than encoding into a second buffer).
     */
    public int beginRecord() {
        u8(0);
        return size;
    }

    /** Ends the record begun at {@code mark}: writes its length (a varint) in front of it. */
    public BinaryWriter endRecord(int mark) {
        int length = size - mark;
        int extra = Varint.size(length) - 1;
        if (extra > 0) {
            ensure(extra);
            System.arraycopy(buf, mark, buf, mark + extra, length);
            size += extra;
        }
        Varint.write(length, buf, mark - 1);
        return this;
    }

    public BinaryWriter u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public BinaryWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    /** Unsigned varint; {@code value} must not be negative. */
    public BinaryWriter varint(long value) {
        ensure(Varint.MAX_BYTES);
        size = Varint.write(value, buf, size);
        return this;
    }

    /** Signed value, zigzag-encoded so small negatives stay short. */
    public BinaryWriter zigzag(long value) {
        return varint((value << 1) ^ (value >> 63));
    }

    public BinaryWriter bytes(byte[] b) {
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public BinaryWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public BinaryWriter cid(Cid cid) {
        varint(cid.byteLength());
        ensure(cid.byteLength());
        cid.copyBytesTo(buf, size);
        size += cid.byteLength();
        return this;
    }

    public BinaryWriter optionalCid(Cid cid) {
        bool(cid != null);
        return cid == null ? this : cid(cid);
    }

    public BinaryWriter instant(Instant t) {
        return zigzag(t.getEpochSecond()).varint(t.getNano());
    }

    public BinaryWriter optionalInstant(Instant t) {
        bool(t != null);
        return t == null ? this : instant(t);
    }
}
