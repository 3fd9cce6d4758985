package io.pincluster.consensus.codec;

import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.state.PinOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of the three messages of the write path: a batch of {@link PinRequest}s (peer to leader),
 * a log entry of {@link Decision}s (leader to every replica) and a batch of {@link OpResult}s (back to
 * the submitting peer). Each message starts with a kind byte and a format version byte. Not thread-safe (see
 * {@link PinCodec}); use one instance per thread.
 *
 * <p>Log entry formats (decision 0004): version 1 writes the decisions back to back; version 2 writes each as
 * its tag and a length-prefixed body, so a later build may append an optional field to a decision and this one
 * skips it. A removal decided by time (an expiry) appends the leader's decision time in version 2 (decision
 * 0009); other removals do not, so their bytes are unchanged. Results are still at version 1.
 *
 * <p>Request batches: version 2 adds the leader's {@link PinRequest.Reallocate}. A batch is written at version 1
 * unless it holds one, so a peer of this build still reaches a leader of the previous one with every other
 * request during a rolling upgrade (only a leader submits reallocations, and it submits them to itself).
 */
public final class PinOpCodec {
    /** The log entry formats this build reads; it writes the newest unless constructed for an older one. */
    public static final FormatVersions ENTRY_FORMAT = new FormatVersions("log entry", 1, 2);
    /** The first log entry format whose decisions are length-prefixed records. */
    private static final int FIRST_FRAMED_ENTRY = 2;
    private static final FormatVersions REQUEST_FORMAT = new FormatVersions("request batch", 1, 2);
    private static final int FIRST_REALLOCATING_REQUESTS = 2;
    private static final FormatVersions RESULT_FORMAT = new FormatVersions("result batch", 1, 1);
    private static final int REQUESTS = 'Q';
    private static final int ENTRY = 'E';
    private static final int RESULTS = 'R';

    private static final int PIN = 1;
    private static final int UNPIN = 2;
    private static final int EXPIRE = 3;
    private static final int REALLOCATE = 4;
    private static final int ADD = 1;
    private static final int REMOVE = 2;
    private static final int REJECT = 3;
    private static final int OK = 1;
    private static final int OK_EMPTY = 2;
    private static final int FAILED = 3;

    private final PinCodec pins = new PinCodec();
    private final int entryVersion;

    /** Writes log entries in the newest format. */
    public PinOpCodec() {
        this(ENTRY_FORMAT.newest());
    }

    /** Writes log entries in format {@code entryVersion}, for a cluster whose voters do not all read a newer one. */
    public PinOpCodec(int entryVersion) {
        this.entryVersion = ENTRY_FORMAT.writable(entryVersion);
    }

    public byte[] encodeRequests(List<? extends PinRequest> requests) {
        boolean reallocating = requests.stream().anyMatch(PinRequest.Reallocate.class::isInstance);
        BinaryWriter w = header(REQUESTS, reallocating ? FIRST_REALLOCATING_REQUESTS : 1, requests.size(),
                64 * requests.size());
        for (PinRequest req : requests) {
            if (req instanceof PinRequest.Pin p) {
                w.u8(PIN).cid(p.cid());
                pins.writeOptions(w, p.options());
            } else if (req instanceof PinRequest.Reallocate re) {
                w.u8(REALLOCATE).cid(re.cid());
                PinCodec.writePeers(w, re.leaving());
                w.bool(re.topUp());
            } else {
                w.u8(req instanceof PinRequest.Unpin ? UNPIN : EXPIRE).cid(req.cid());
            }
        }
        return w.toByteArray();
    }

    public List<PinRequest> decodeRequests(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int version = readHeader(r, REQUESTS, REQUEST_FORMAT);
        int n = r.itemCount("request batch size");
        List<PinRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.u8();
            out.add(switch (tag) {
                case PIN -> new PinRequest.Pin(r.cid(), pins.readOptions(r));
                case UNPIN -> new PinRequest.Unpin(r.cid());
                case EXPIRE -> new PinRequest.Expire(r.cid());
                case REALLOCATE -> {
                    if (version < FIRST_REALLOCATING_REQUESTS) {
                        throw new MalformedDataException("a reallocation in a request batch of version " + version);
                    }
                    yield new PinRequest.Reallocate(r.cid(), pins.readPeers(r), r.bool());
                }
                default -> throw new MalformedDataException("unknown request tag " + tag);
            });
        }
        r.expectEnd("request batch");
        return out;
    }

    public byte[] encodeEntry(List<Decision> decisions) {
        BinaryWriter w = header(ENTRY, entryVersion, decisions.size(), 96 * decisions.size());
        boolean framed = entryVersion >= FIRST_FRAMED_ENTRY;
        for (Decision d : decisions) {
            w.u8(tag(d));
            int mark = framed ? w.beginRecord() : 0;
            if (d instanceof Decision.Reject rej) {
                w.string(rej.code().name()).string(rej.message());
            } else if (((Decision.Apply) d).op() instanceof PinOp.AddPin add) {
                pins.writePin(w, add.pin());
            } else {
                w.cid(((Decision.Apply) d).op().cid());
                Instant decidedAt = ((Decision.Apply) d).decidedAt();
                if (framed && decidedAt != null) {
                    w.instant(decidedAt); // appended only when set: other removals stay byte-identical
                }
            }
            if (framed) {
                w.endRecord(mark);
            }
        }
        return w.toByteArray();
    }

    private static int tag(Decision d) {
        if (d instanceof Decision.Reject) {
            return REJECT;
        }
        return ((Decision.Apply) d).op() instanceof PinOp.AddPin ? ADD : REMOVE;
    }

    public List<Decision> decodeEntry(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        boolean framed = readHeader(r, ENTRY, ENTRY_FORMAT) >= FIRST_FRAMED_ENTRY;
        int n = r.itemCount("log entry size");
        List<Decision> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.u8();
            if (framed) {
                // an unknown tag still fails below: a decision this build cannot apply must not be skipped
                int outer = r.beginRecord("log entry decision");
                out.add(readDecision(r, tag, true));
                r.endRecord(outer);
            } else {
                out.add(readDecision(r, tag, false));
            }
        }
        r.expectEnd("log entry");
        return out;
    }

    private Decision readDecision(BinaryReader r, int tag, boolean framed) {
        return switch (tag) {
            case ADD -> new Decision.Apply(new PinOp.AddPin(pins.readPin(r)));
            case REMOVE -> {
                PinOp op = new PinOp.RemovePin(r.cid());
                yield new Decision.Apply(op, framed && r.remaining() > 0 ? r.instant() : null);
            }
            case REJECT -> new Decision.Reject(errorCode(r.string()), r.string());
            default -> throw new MalformedDataException("unknown log entry tag " + tag);
        };
    }

    public byte[] encodeResults(List<OpResult> results) {
        BinaryWriter w = header(RESULTS, RESULT_FORMAT.newest(), results.size(), 96 * results.size());
        for (OpResult res : results) {
            if (res instanceof OpResult.Failed f) {
                w.u8(FAILED).string(f.code().name()).string(f.message());
            } else if (((OpResult.Ok) res).pin() == null) {
                w.u8(OK_EMPTY);
            } else {
                w.u8(OK);
                pins.writePin(w, ((OpResult.Ok) res).pin());
            }
        }
        return w.toByteArray();
    }

    public List<OpResult> decodeResults(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        readHeader(r, RESULTS, RESULT_FORMAT);
        int n = r.itemCount("result batch size");
        List<OpResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.u8();
            out.add(switch (tag) {
                case OK -> new OpResult.Ok(pins.readPin(r));
                case OK_EMPTY -> new OpResult.Ok(null);
                case FAILED -> new OpResult.Failed(errorCode(r.string()), r.string());
                default -> throw new MalformedDataException("unknown result tag " + tag);
            });
        }
        r.expectEnd("result batch");
        return out;
    }

    private static BinaryWriter header(int kind, int version, int count, int sizeHint) {
        return new BinaryWriter(16 + sizeHint).u8(kind).u8(version).varint(count);
    }

    /** Checks the kind byte and returns the format version, if this build reads it. */
    private static int readHeader(BinaryReader r, int kind, FormatVersions format) {
        int k = r.u8();
        if (k != kind) {
            throw new MalformedDataException("not a " + format.format() + " (kind byte " + k + ")");
        }
        return format.check(r.u8());
    }

    private static ErrorCode errorCode(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ErrorCode.INTERNAL;
        }
    }
}
