package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.pin.PinMode;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of one record of the pin journal ({@link PinRecords}): an op byte (1 = pin, 2 = unpin), the pin mode's
 * ordinal (0 for an unpin), the CID's length as two bytes (big-endian), the CID's binary form, and a CRC32C of all
 * of those as four bytes. Kept apart from the journal's life cycle (group commit, replay, rewrite) because it is a
 * file format: a peer upgraded in place reads the journal an older version wrote, so these bytes do not change
 * ({@code PinJournalFormatTest} holds them as a golden fixture).
 */
final class PinJournalFormat {
    private static final byte OP_PUT = 1;
    private static final byte OP_REMOVE = 2;
    /** op, mode, CID length (2 bytes); the CID follows, then the CRC. */
    private static final int HEADER = 4;
    private static final int CRC = 4;
    /** The shortest bytes that could hold a whole record (an empty CID, which no valid record has). */
    static final int MIN_RECORD = HEADER + CRC;

    private PinJournalFormat() {
    }

    /** A record read back: the CID, the pin's mode (null: an unpin) and where the record ends. */
    record Record(Cid cid, PinMode mode, int end) {
    }

    /** How many bytes the record of {@code cid} takes. */
    static int length(Cid cid) {
        return HEADER + cid.byteLength() + CRC;
    }

    /**
     * Writes one record at the buffer's position ({@code mode} null: an unpin). The buffer must be array-backed and
     * have {@link #length} bytes left; {@code crc} is scratch state, reset here.
     */
    static void write(ByteBuffer buf, CRC32C crc, Cid cid, PinMode mode) {
        int start = buf.position();
        byte[] bytes = cid.bytes();
        buf.put(mode == null ? OP_REMOVE : OP_PUT).put((byte) (mode == null ? 0 : mode.ordinal()))
                .putShort((short) bytes.length).put(bytes);
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + start, buf.position() - start);
        buf.putInt((int) crc.getValue());
    }

    /** The record at {@code at}, or null when it is short, malformed or fails its CRC. */
    static Record read(ByteBuffer buf, int at) {
        if (buf.limit() - at < HEADER) {
            return null;
        }
        byte op = buf.get(at);
        byte mode = buf.get(at + 1);
        int length = Short.toUnsignedInt(buf.getShort(at + 2));
        if (buf.limit() - at - HEADER < length + CRC || (op != OP_PUT && op != OP_REMOVE)
                || (op == OP_PUT && (mode < 0 || mode >= PinMode.values().length))) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(at, HEADER + length));
        if (buf.getInt(at + HEADER + length) != (int) crc.getValue()) {
            return null;
        }
        Cid cid;
        try {
            byte[] bytes = new byte[length];
            buf.get(at + HEADER, bytes);
            cid = Cid.decode(bytes);
        } catch (CidParseException e) {
            return null;
        }
        return new Record(cid, op == OP_PUT ? PinMode.values()[mode] : null, at + HEADER + length + CRC);
    }

    /** Where the next whole, valid record at or after {@code from} starts, or -1 when none does. */
    static int nextWhole(ByteBuffer buf, int from) {
        for (int at = from; at + MIN_RECORD <= buf.limit(); at++) {
            if (read(buf, at) != null) {
                return at;
            }
        }
        return -1;
    }
}
