package io.pincluster.consensus.codec;

import io.pincluster.core.token.TokenRevocation;
import java.time.Instant;

/**
 * Binary form of a token revocation: the request a peer submits, and the log entry the leader writes from it with
 * its decision time appended. Starts with its own kind byte ({@code 'T'}), so the state machine tells it from pin
 * batches ({@code 'Q'}/{@code 'E'}) and directory changes ({@code 'D'}) by the first byte. Also reads and writes
 * single records for the snapshot file (format 4).
 *
 * <p>Format 1 (decision 0007, "the revocation record"): the kind byte, the version byte, then one length-prefixed
 * record: the token ID, whether it voids any owner's token, the owner (only when not), the token's expiry, and, in
 * a log entry, the leader's decision time (by which every replica forgets expired revocations at the same entry).
 * A later build may append optional fields to the record; this one skips them.
 */
public final class RevocationCodec {
    /** First byte of every revocation message. */
    public static final int KIND = 'T';
    /** The formats this build reads; it writes the newest unless asked for an older one. */
    public static final FormatVersions FORMAT = new FormatVersions("token revocation", 1, 1);

    /** A revocation as logged: what was revoked and when the leader decided it (null in a request). */
    public record Entry(TokenRevocation revocation, Instant decidedAt) {
    }

    private RevocationCodec() {
    }

    /** True when {@code data} is a revocation message. */
    public static boolean isRevocationMessage(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == KIND;
    }

    /** The request a peer submits: the revocation without a decision time. */
    public static byte[] encodeRequest(TokenRevocation revocation) {
        return encode(new Entry(revocation, null));
    }

    /** A request or (with a decision time) a log entry, in the newest format. */
    public static byte[] encode(Entry entry) {
        BinaryWriter w = new BinaryWriter(96).u8(KIND).u8(FORMAT.writable(FORMAT.newest()));
        int mark = w.beginRecord();
        writeRecord(w, entry.revocation());
        if (entry.decidedAt() != null) {
            w.instant(entry.decidedAt());
        }
        w.endRecord(mark);
        return w.toByteArray();
    }

    public static Entry decode(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != KIND) {
            throw new MalformedDataException("not a token revocation (kind byte " + kind + ")");
        }
        FORMAT.check(r.u8());
        int outer = r.beginRecord("token revocation");
        TokenRevocation revocation = readRecord(r);
        Instant decidedAt = r.remaining() > 0 ? r.instant() : null;
        r.endRecord(outer);
        r.expectEnd("token revocation");
        return new Entry(revocation, decidedAt);
    }

    /** The revocation's fields, for a log entry or a snapshot record. */
    public static void writeRecord(BinaryWriter w, TokenRevocation revocation) {
        w.string(revocation.tokenId()).bool(revocation.anyOwner());
        if (!revocation.anyOwner()) {
            w.string(revocation.owner());
        }
        w.instant(revocation.expiresAt());
    }

    /** Reads what {@link #writeRecord} wrote; the caller skips any appended fields. */
    public static TokenRevocation readRecord(BinaryReader r) {
        String tokenId = r.string();
        String owner = r.bool() ? null : r.string();
        Instant expiresAt = r.instant();
        try {
            return new TokenRevocation(tokenId, owner, expiresAt);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad token revocation: " + e.getMessage());
        }
    }

    /** For messages: the token ID is not secret, but a short form is enough to recognise it in a log. */
    public static String describe(TokenRevocation revocation) {
        String id = revocation.tokenId();
        return (id.length() > 8 ? id.substring(0, 8) + "…" : id) + (revocation.anyOwner() ? " (any owner)"
                : " (one user's)");
    }
}
