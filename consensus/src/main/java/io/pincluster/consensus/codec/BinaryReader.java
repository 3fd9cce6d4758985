package io.pincluster.consensus.codec;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Varint;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote. Every length is checked against the remaining input before
 * anything is allocated, so hostile bytes cannot make it allocate more than the input's size.
 */
public final class BinaryReader {
    private final byte[] in;
    private int pos;
    /** End of the readable input; narrowed to the current record between beginRecord and endRecord. */
    private int limit;
    private CharsetDecoder utf8;

    public BinaryReader(byte[] in) {
        this(in, 0, in.length);
    }

    public BinaryReader(byte[] in, int offset, int length) {
        this.in = in;
        this.pos = offset;
        this.limit = offset + length;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public void expectEnd(String what) {
        if (pos != limit) {
            throw new MalformedDataException(remaining() + " trailing bytes after " + what);
        }
    }

    /**
     * Enters a length-prefixed record: until {@link #endRecord} only its bytes can be read, so a truncated
     * record fails as truncated input instead of reading into the next one.
     *
     * @return the outer limit, to hand to {@link #endRecord}
     */
    public int beginRecord(String what) {
        long n = varint();
        if (n > remaining()) { // the message is put together only here: records are decoded by the million
            throw new MalformedDataException(what + " length " + n + " exceeds the " + remaining() + " bytes left");
        }
        int length = (int) n;
        int outer = limit;
        limit = pos + length;
        return outer;
    }

    /**
     * Leaves the current record, skipping whatever of it was not read: fields a newer writer appended that this
     * reader does not know.
     */
    public void endRecord(int outerLimit) {
        pos = limit;
        limit = outerLimit;
    }

    /** Where the next read starts; for {@link #readSince}. */
    public int position() {
        return pos;
    }

    /** A copy of the bytes read since {@code position} (a value {@link #position()} returned). */
    public byte[] readSince(int position) {
        if (position < 0 || position > pos) {
            throw new IllegalArgumentException("position " + position + " is not behind " + pos);
        }
        return Arrays.copyOfRange(in, position, pos);
    }

    /** If the next bytes are exactly {@code expected}, reads past them and answers true; else reads nothing. */
    public boolean skipIfNext(byte[] expected) {
        int end = pos + expected.length;
        if (end > limit || !Arrays.equals(in, pos, end, expected, 0, expected.length)) {
            return false;
        }
        pos = end;
        return true;
    }

    public int u8() {
        if (pos >= limit) {
            throw new MalformedDataException("truncated input");
        }
        return in[pos++] & 0xFF;
    }

    public boolean bool() {
        int b = u8();
        if (b > 1) {
            throw new MalformedDataException("bad boolean " + b);
        }
        return b == 1;
    }

    public long varint() {
        try {
            Varint.Decoded d = Varint.decode(in, pos, limit);
            pos += d.length();
            return d.value();
        } catch (CidParseException e) {
            throw new MalformedDataException(e.getMessage(), e);
        }
    }

    /** A varint that must fit an int in [0, max]. */
    public int count(int max, String what) {
        long n = varint();
        if (n > max) {
            throw new MalformedDataException(what + " " + n + " exceeds " + max);
        }
        return (int) n;
    }

    /** A count of items that take at least one byte each, so never more than the remaining input. */
    public int itemCount(String what) {
        long n = varint();
        if (n > remaining()) {
            throw new MalformedDataException(what + " " + n + " exceeds the " + remaining() + " bytes left");
        }
        return (int) n;
    }

    public int zigzagInt(String what) {
        long v = zigzag();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedDataException(what + " out of range: " + v);
        }
        return (int) v;
    }

    public long zigzag() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    public byte[] bytes() {
        int n = itemCount("byte string length");
        byte[] out = new byte[n];
        System.arraycopy(in, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String string() {
        int n = itemCount("string length");
        if (isAscii(pos, n)) { // peer IDs and most names: no decoder needed, and ASCII is always valid UTF-8
            String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
            pos += n;
            return s;
        }
        try {
            if (utf8 == null) {
                utf8 = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            String s = utf8.decode(ByteBuffer.wrap(in, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new MalformedDataException("string is not valid UTF-8", e);
        }
    }

    private boolean isAscii(int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (in[i] < 0) {
                return false;
            }
        }
        return true;
    }

    public Cid cid() {
        int n = itemCount("byte string length");
        try {
            Cid cid = Cid.decode(in, pos, n);
            pos += n;
            return cid;
        } catch (CidParseException e) {
            throw new MalformedDataException("bad CID: " + e.getMessage(), e);
        }
    }

    public Cid optionalCid() {
        return bool() ? cid() : null;
    }

    public Instant instant() {
        long seconds = zigzag();
        long nanos = varint();
        try {
            if (nanos > 999_999_999L) {
                throw new DateTimeException("nanos " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new MalformedDataException("bad timestamp: " + e.getMessage(), e);
        }
    }

    public Instant optionalInstant() {
        return bool() ? instant() : null;
    }
}
