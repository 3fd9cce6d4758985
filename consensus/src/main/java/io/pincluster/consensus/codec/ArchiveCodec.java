package io.pincluster.consensus.codec;

import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveRemoval;
import java.util.HexFormat;

/**
 * Binary form of an archive index entry (decision 0019): the message a peer submits when it finished archiving a pin,
 * which the leader logs as it came once it decoded it, and the record of the snapshot's archive index (format 7).
 * Starts with its own kind byte ({@code 'A'}), so the state machine tells it from pin batches, directory changes,
 * token revocations and Pinning Service API requests by the first byte.
 *
 * <p>Format 1: the kind byte, the version byte, then one length-prefixed record: the pin's CID, the object key, the
 * CAR's SHA-256 (32 bytes), its size, the piece CID (text) and the time the archiving peer finished. A later build may
 * append optional fields to the record; this one skips them. A build that does not know the kind refuses the entry
 * (logged and skipped on that peer: its index then lacks the entry, which only costs a second archive of the pin).
 *
 * <p><b>Removals</b> (decision 0021, archive garbage collection) have their own kind byte ({@code 'G'}) and format:
 * format 1 is the kind byte, the version byte, then one length-prefixed record: the pin's CID, the object key, and
 * the timestamp of the pin the collector judged (optional: absent when it saw the pin gone). A leader of a build
 * without them reads the message as a pin request batch, whose kind byte it is not, and refuses it: the collector
 * then deletes nothing.
 */
public final class ArchiveCodec {
    /** First byte of every archive index message. */
    public static final int KIND = 'A';
    /** The formats this build reads; it writes the newest unless asked for an older one. */
    public static final FormatVersions FORMAT = new FormatVersions("archive index entry", 1, 1);
    /** First byte of every archive removal message (decision 0021). */
    public static final int REMOVAL_KIND = 'G';
    /** The removal formats this build reads; it writes the newest. */
    public static final FormatVersions REMOVAL_FORMAT = new FormatVersions("archive removal", 1, 1);
    private static final HexFormat HEX = HexFormat.of();

    private ArchiveCodec() {
    }

    public static boolean isArchiveMessage(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == KIND;
    }

    /** The message a peer submits, which is also the log entry. */
    public static byte[] encode(ArchiveEntry entry) {
        BinaryWriter w = new BinaryWriter(256).u8(KIND).u8(FORMAT.writable(FORMAT.newest()));
        int mark = w.beginRecord();
        writeRecord(w, entry);
        w.endRecord(mark);
        return w.toByteArray();
    }

    public static ArchiveEntry decode(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != KIND) {
            throw new MalformedDataException("not an archive index entry (kind byte " + kind + ")");
        }
        FORMAT.check(r.u8());
        int outer = r.beginRecord("archive index entry");
        ArchiveEntry entry = readRecord(r);
        r.endRecord(outer);
        r.expectEnd("archive index entry");
        return entry;
    }

    /** The entry's fields, for a log entry or a snapshot record. */
    public static void writeRecord(BinaryWriter w, ArchiveEntry e) {
        w.cid(e.cid()).string(e.objectKey()).bytes(HEX.parseHex(e.sha256())).varint(e.size()).string(e.pieceCid())
                .instant(e.archivedAt());
    }

    /** Reads what {@link #writeRecord} wrote; the caller skips any appended fields. */
    public static ArchiveEntry readRecord(BinaryReader r) {
        var cid = r.cid();
        String key = r.string();
        byte[] sha256 = r.bytes();
        if (sha256.length != 32) {
            throw new MalformedDataException("an archive's SHA-256 has 32 bytes, not " + sha256.length);
        }
        long size = r.varint();
        String piece = r.string();
        var at = r.instant();
        try {
            return new ArchiveEntry(cid, key, HEX.formatHex(sha256), size, piece, at);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad archive index entry: " + e.getMessage());
        }
    }

    public static boolean isRemovalMessage(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == REMOVAL_KIND;
    }

    /** The message the collector submits, which is also the log entry. */
    public static byte[] encodeRemoval(ArchiveRemoval removal) {
        BinaryWriter w = new BinaryWriter(256).u8(REMOVAL_KIND)
                .u8(REMOVAL_FORMAT.writable(REMOVAL_FORMAT.newest()));
        int mark = w.beginRecord();
        w.cid(removal.cid()).string(removal.objectKey()).optionalInstant(removal.pinTimestamp());
        w.endRecord(mark);
        return w.toByteArray();
    }

    public static ArchiveRemoval decodeRemoval(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != REMOVAL_KIND) {
            throw new MalformedDataException("not an archive removal (kind byte " + kind + ")");
        }
        REMOVAL_FORMAT.check(r.u8());
        int outer = r.beginRecord("archive removal");
        var cid = r.cid();
        String key = r.string();
        var pinTimestamp = r.optionalInstant();
        r.endRecord(outer); // skips fields a later format appends
        r.expectEnd("archive removal");
        try {
            return new ArchiveRemoval(cid, key, pinTimestamp);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad archive removal: " + e.getMessage());
        }
    }
}
