package io.pincluster.consensus.codec;

import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary form of {@link Pin} and {@link PinOptions}. Not thread-safe: each instance caches decoded peer
 * IDs (a snapshot of a million pins names the same few peers millions of times, and parsing a peer ID
 * decodes base58).
 */
public final class PinCodec {
    private static final int PEER_CACHE_LIMIT = 10_000;
    /** Options longer than this (long names or metadata, unlikely to repeat) are not kept for the next pin. */
    private static final int MAX_REMEMBERED_OPTIONS = 256;
    private static final PinType[] TYPES = PinType.values();
    private static final PinMode[] MODES = PinMode.values();

    private final Map<String, PeerId> peers = new HashMap<>();
    /**
     * The last options read and their bytes: options that are these same bytes get the same
     * (immutable) options object without decoding them. Options are written the same way each time, and a large pinset
     * is a few option sets repeated (a snapshot of ten million pins: one); decoding them was a map, two lists and
     * a validation per pin.
     */
    private PinOptions lastOptions;
    private byte[] lastOptionsBytes;

    public void writePin(BinaryWriter w, Pin pin) {
        w.cid(pin.cid());
        w.u8(pin.type().ordinal());
        writeOptions(w, pin.options());
        writePeers(w, pin.allocations());
        w.optionalCid(pin.reference());
        w.instant(pin.timestamp());
    }

    public Pin readPin(BinaryReader r) {
        var cid = r.cid();
        PinType type = TYPES[enumIndex(r, TYPES.length, "pin type")];
        PinOptions options = readOptions(r);
        List<PeerId> allocations = readPeers(r);
        var reference = r.optionalCid();
        var timestamp = r.instant();
        return new Pin(cid, options, type, allocations, reference, timestamp);
    }

    public void writeOptions(BinaryWriter w, PinOptions o) {
        w.zigzag(o.replicationMin()).zigzag(o.replicationMax()).string(o.name()).u8(o.mode().ordinal());
        w.zigzag(o.shardSize());
        writePeers(w, o.userAllocations());
        w.optionalInstant(o.expireAt());
        w.varint(o.metadata().size());
        o.metadata().forEach((k, v) -> w.string(k).string(v));
        w.optionalCid(o.pinUpdate());
        w.varint(o.origins().size());
        o.origins().forEach(w::string);
    }

    /** The options at the reader; the same object as the last call's when their bytes are the same. */
    public PinOptions readOptions(BinaryReader r) {
        if (lastOptionsBytes != null && r.skipIfNext(lastOptionsBytes)) {
            return lastOptions;
        }
        int start = r.position();
        PinOptions options = decodeOptions(r);
        byte[] read = r.readSince(start);
        if (read.length <= MAX_REMEMBERED_OPTIONS) {
            lastOptions = options;
            lastOptionsBytes = read;
        }
        return options;
    }

    private PinOptions decodeOptions(BinaryReader r) {
        int min = r.zigzagInt("replication-min");
        int max = r.zigzagInt("replication-max");
        String name = r.string();
        PinMode mode = MODES[enumIndex(r, MODES.length, "pin mode")];
        long shardSize = r.zigzag();
        List<PeerId> userAllocations = readPeers(r);
        var expireAt = r.optionalInstant();
        int metaCount = r.itemCount("metadata count");
        Map<String, String> meta = new TreeMap<>();
        for (int i = 0; i < metaCount; i++) {
            meta.put(r.string(), r.string());
        }
        var pinUpdate = r.optionalCid();
        int originCount = r.itemCount("origin count");
        String[] originArray = new String[originCount];
        for (int i = 0; i < originCount; i++) {
            originArray[i] = r.string();
        }
        List<String> origins = List.of(originArray); // immutable already: the options' List.copyOf keeps it
        try {
            return new PinOptions(min, max, name, mode, shardSize, userAllocations, expireAt, meta, pinUpdate,
                    origins);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("invalid pin options: " + e.getMessage(), e);
        }
    }

    public static void writePeers(BinaryWriter w, List<PeerId> list) {
        w.varint(list.size());
        for (PeerId p : list) {
            w.string(p.value());
        }
    }

    /** Immutable, so the pin's and the options' {@code List.copyOf} keep it (a copy per pin was a fifth of a load). */
    public List<PeerId> readPeers(BinaryReader r) {
        int n = r.itemCount("peer count");
        PeerId[] out = new PeerId[n];
        for (int i = 0; i < n; i++) {
            out[i] = peer(r.string());
        }
        return List.of(out);
    }

    private PeerId peer(String s) {
        PeerId known = peers.get(s);
        if (known != null) {
            return known;
        }
        try {
            PeerId parsed = PeerId.parse(s);
            if (peers.size() >= PEER_CACHE_LIMIT) {
                peers.clear();
            }
            peers.put(s, parsed);
            return parsed;
        } catch (CidParseException e) {
            throw new MalformedDataException("bad peer ID: " + e.getMessage(), e);
        }
    }

    private static int enumIndex(BinaryReader r, int size, String what) {
        int i = r.u8();
        if (i >= size) {
            throw new MalformedDataException("unknown " + what + " " + i);
        }
        return i;
    }
}
