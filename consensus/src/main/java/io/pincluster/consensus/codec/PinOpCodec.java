package io.pincluster.consensus.codec;

import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.state.PinOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of the three messages of the write path: a batch of {@link PinRequest}s (peer to leader),
 * a log entry of {@link Decision}s (leader to every replica) and a batch of {@link OpResult}s (back to
 * the submitting peer). Each message starts with a kind byte and a format version. Not thread-safe (see
 * {@link PinCodec}); use one instance per thread.
 */
public final class PinOpCodec {
    private static final int VERSION = 1;
    private static final int REQUESTS = 'Q';
    private static final int ENTRY = 'E';
    private static final int RESULTS = 'R';

    private static final int PIN = 1;
    private static final int UNPIN = 2;
    private static final int EXPIRE = 3;
    private static final int ADD = 1;
    private static final int REMOVE = 2;
    private static final int REJECT = 3;
    private static final int OK = 1;
    private static final int OK_EMPTY = 2;
    private static final int FAILED = 3;

    private final PinCodec pins = new PinCodec();

    public byte[] encodeRequests(List<? extends PinRequest> requests) {
        BinaryWriter w = header(REQUESTS, requests.size(), 64 * requests.size());
        for (PinRequest req : requests) {
            if (req instanceof PinRequest.Pin p) {
                w.u8(PIN).cid(p.cid());
                pins.writeOptions(w, p.options());
            } else {
                w.u8(req instanceof PinRequest.Unpin ? UNPIN : EXPIRE).cid(req.cid());
            }
        }
        return w.toByteArray();
    }

    public List<PinRequest> decodeRequests(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int n = readHeader(r, REQUESTS, "request batch");
        List<PinRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.u8();
            out.add(switch (tag) {
                case PIN -> new PinRequest.Pin(r.cid(), pins.readOptions(r));
                case UNPIN -> new PinRequest.Unpin(r.cid());
                case EXPIRE -> new PinRequest.Expire(r.cid());
                default -> throw new MalformedDataException("unknown request tag " + tag);
            });
        }
        r.expectEnd("request batch");
        return out;
    }

    public byte[] encodeEntry(List<Decision> decisions) {
        BinaryWriter w = header(ENTRY, decisions.size(), 96 * decisions.size());
        for (Decision d : decisions) {
            if (d instanceof Decision.Reject rej) {
                w.u8(REJECT).string(rej.code().name()).string(rej.message());
            } else if (((Decision.Apply) d).op() instanceof PinOp.AddPin add) {
                w.u8(ADD);
                pins.writePin(w, add.pin());
            } else {
                w.u8(REMOVE).cid(((Decision.Apply) d).op().cid());
            }
        }
        return w.toByteArray();
    }

    public List<Decision> decodeEntry(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int n = readHeader(r, ENTRY, "log entry");
        List<Decision> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.u8();
            out.add(switch (tag) {
                case ADD -> new Decision.Apply(new PinOp.AddPin(pins.readPin(r)));
                case REMOVE -> new Decision.Apply(new PinOp.RemovePin(r.cid()));
                case REJECT -> new Decision.Reject(errorCode(r.string()), r.string());
                default -> throw new MalformedDataException("unknown log entry tag " + tag);
            });
        }
        r.expectEnd("log entry");
        return out;
    }

    public byte[] encodeResults(List<OpResult> results) {
        BinaryWriter w = header(RESULTS, results.size(), 96 * results.size());
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
        int n = readHeader(r, RESULTS, "result batch");
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

    private static BinaryWriter header(int kind, int count, int sizeHint) {
        return new BinaryWriter(16 + sizeHint).u8(kind).u8(VERSION).varint(count);
    }

    private static int readHeader(BinaryReader r, int kind, String what) {
        int k = r.u8();
        if (k != kind) {
            throw new MalformedDataException("not a " + what + " (kind byte " + k + ")");
        }
        int v = r.u8();
        if (v != VERSION) {
            throw new MalformedDataException("unsupported " + what + " format version " + v);
        }
        return r.itemCount(what + " size");
    }

    private static ErrorCode errorCode(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ErrorCode.INTERNAL;
        }
    }
}
