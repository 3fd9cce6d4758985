package io.pincluster.consensus.codec;

import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.core.cid.Cid;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *
 * <p><b>Read reports and hot drops</b> (decision 0024) have kind bytes {@code 'L'} and {@code 'H'}, format 1 each. A
 * read report is the kind byte, the version byte, then one length-prefixed record: a count, then per pin its CID and
 * its latest read time, in CID order. A hot drop is the kind byte, the version byte, then one length-prefixed record:
 * the pin's CID, the object key judged, the pin's timestamp judged, and the read time judged (optional: absent when
 * none was reported). Both are sent straight to the leader, which logs them as they came once it decoded them; a
 * leader of a build without them refuses them as pin request batches.
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
    /** First byte of every read report (decision 0024). */
    public static final int READS_KIND = 'L';
    /** The read report formats this build reads; it writes the newest. */
    public static final FormatVersions READS_FORMAT = new FormatVersions("read report", 1, 1);
    /** First byte of every hot drop (decision 0024). */
    public static final int DROP_KIND = 'H';
    /** The hot drop formats this build reads; it writes the newest. */
    public static final FormatVersions DROP_FORMAT = new FormatVersions("hot drop", 1, 1);
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

    public static boolean isReadReport(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == READS_KIND;
    }

    /** The message a peer submits, which is also the log entry. */
    public static byte[] encodeReads(ReadReport report) {
        BinaryWriter w = new BinaryWriter(64 + 64 * report.reads().size()).u8(READS_KIND)
                .u8(READS_FORMAT.writable(READS_FORMAT.newest()));
        int mark = w.beginRecord();
        w.varint(report.reads().size());
        report.reads().forEach((cid, at) -> w.cid(cid).instant(at));
        w.endRecord(mark);
        return w.toByteArray();
    }

    public static ReadReport decodeReads(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != READS_KIND) {
            throw new MalformedDataException("not a read report (kind byte " + kind + ")");
        }
        READS_FORMAT.check(r.u8());
        int outer = r.beginRecord("read report");
        long count = r.varint();
        if (count < 1 || count > ReadReport.MAX_READS) {
            throw new MalformedDataException("a read report carries 1 to " + ReadReport.MAX_READS + " pins, not "
                    + count);
        }
        Map<Cid, Instant> reads = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            Cid cid = r.cid();
            Instant at = r.instant();
            if (reads.put(cid, at) != null) {
                throw new MalformedDataException("a read report names " + cid + " twice");
            }
        }
        r.endRecord(outer); // skips fields a later format appends
        r.expectEnd("read report");
        return new ReadReport(reads);
    }

    public static boolean isHotDrop(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == DROP_KIND;
    }

    /** The message the leader's policy submits, which is also the log entry. */
    public static byte[] encodeDrop(HotDrop drop) {
        BinaryWriter w = new BinaryWriter(256).u8(DROP_KIND).u8(DROP_FORMAT.writable(DROP_FORMAT.newest()));
        int mark = w.beginRecord();
        w.cid(drop.cid()).string(drop.objectKey()).instant(drop.pinTimestamp()).optionalInstant(drop.lastReadAt());
        w.endRecord(mark);
        return w.toByteArray();
    }

    public static HotDrop decodeDrop(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != DROP_KIND) {
            throw new MalformedDataException("not a hot drop (kind byte " + kind + ")");
        }
        DROP_FORMAT.check(r.u8());
        int outer = r.beginRecord("hot drop");
        Cid cid = r.cid();
        String key = r.string();
        Instant pinTimestamp = r.instant();
        Instant lastRead = r.optionalInstant();
        r.endRecord(outer);
        r.expectEnd("hot drop");
        try {
            return new HotDrop(cid, key, pinTimestamp, lastRead);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad hot drop: " + e.getMessage());
        }
    }

    /** The snapshot's archive record from format 8 on: the entry and its read time (decision 0024). */
    public static void writeRecordWithRead(BinaryWriter w, ArchiveEntry e) {
        writeRecord(w, e);
        w.optionalInstant(e.lastReadAt());
    }

    /** Reads what {@link #writeRecordWithRead} wrote; the caller skips any appended fields. */
    public static ArchiveEntry readRecordWithRead(BinaryReader r) {
        ArchiveEntry e = readRecord(r);
        return e.readAt(r.optionalInstant());
    }
}
