package io.pincluster.consensus.codec;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerRecord;

/**
 * Binary form of a peer directory change, used unchanged as the client request and as the log entry (nothing
 * about it is decided by the leader). Starts with its own kind byte, so the state machine can tell it from a
 * pin batch by the first byte. Also reads and writes single records for the snapshot file.
 *
 * <p>Formats (decision 0004): version 1 is the kind byte, the version byte and the record; version 2 prefixes the
 * record with its length, so a later build may append an optional field and this one skips it. The submitting
 * peer picks the version (the leader logs the request's bytes as they are).
 *
 * <p>A record's operator requests (drain, maintenance) are such appended fields: a drain byte and an optional
 * instant after the five original fields, written only when set (so a record without them is byte-identical to
 * what the previous build wrote, and that build, reading format 2, skips them). Format 1 cannot carry them. A later
 * build that appends more fields must write this block first, set or not.
 */
public final class DirectoryCodec {
    /** First byte of every directory message. */
    public static final int KIND = 'D';
    /** The formats this build reads; it writes the newest unless asked for an older one. */
    public static final FormatVersions FORMAT = new FormatVersions("peer directory entry", 1, 2);
    private static final int FIRST_FRAMED = 2;

    private DirectoryCodec() {
    }

    /** True when {@code data} is a directory message rather than a pin batch. */
    public static boolean isDirectoryMessage(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == KIND;
    }

    /** An upsert of {@code record} (a removal is an upsert with {@code removed} set). */
    public static byte[] encode(PeerRecord record) {
        return encode(record, FORMAT.newest());
    }

    /** {@link #encode(PeerRecord)} in format {@code version}. */
    public static byte[] encode(PeerRecord record, int version) {
        BinaryWriter w = new BinaryWriter(128).u8(KIND).u8(FORMAT.writable(version));
        if (version < FIRST_FRAMED && record.hasRequests()) {
            throw new IllegalArgumentException("peer directory format " + version + " cannot carry drain or "
                    + "maintenance requests");
        }
        if (version >= FIRST_FRAMED) {
            int mark = w.beginRecord();
            writeRecord(w, record);
            w.endRecord(mark);
        } else {
            writeRecord(w, record);
        }
        return w.toByteArray();
    }

    public static PeerRecord decode(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != KIND) {
            throw new MalformedDataException("not a peer directory change (kind byte " + kind + ")");
        }
        PeerRecord record;
        if (FORMAT.check(r.u8()) >= FIRST_FRAMED) {
            int outer = r.beginRecord("peer directory record");
            record = readRecord(r, true);
            r.endRecord(outer);
        } else {
            record = readRecord(r, false);
        }
        r.expectEnd("peer directory change");
        return record;
    }

    public static void writeRecord(BinaryWriter w, PeerRecord record) {
        w.string(record.id().value()).string(record.name()).string(record.raftAddress())
                .string(record.rpcAddress()).bool(record.removed());
        if (record.hasRequests()) {
            w.u8(record.drain().ordinal()).optionalInstant(record.maintenanceUntil());
        }
    }

    /**
     * @param extensible the record is length-prefixed (directory format 2, snapshot format 3), so fields after the
     *                   original five (the operator requests, then a later build's) may follow
     */
    public static PeerRecord readRecord(BinaryReader r, boolean extensible) {
        String id = r.string();
        PeerId peer;
        try {
            peer = PeerId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad peer id in the peer directory: " + e.getMessage());
        }
        PeerRecord record = new PeerRecord(peer, r.string(), r.string(), r.string(), r.bool());
        if (!extensible || r.atEnd()) {
            return record;
        }
        int drain = r.u8();
        if (drain >= PeerRecord.Drain.values().length) {
            throw new MalformedDataException("unknown drain request " + drain + " in the peer directory");
        }
        return record.withDrain(PeerRecord.Drain.values()[drain]).withMaintenanceUntil(r.optionalInstant());
    }
}
