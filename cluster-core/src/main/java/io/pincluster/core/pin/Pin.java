package io.pincluster.core.pin;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the shared pinset as committed to the log: the options, the peers the leader allocated
 * it to (empty when replication is -1, meaning every peer) and the time the leader accepted it.
 *
 * <p>A value with the accessors and equality a record of these six components would have. It is not a record
 * because of the timestamp: a peer holds every pin of the cluster, and an {@link Instant} per pin was 24 bytes and
 * one object more per pin (10 million pins: 240 MB of the heap, and ten million objects a restart allocates, copies
 * and faults into memory while it loads the snapshot). The time is kept as its two numbers instead, and
 * {@link #timestamp()} makes the {@code Instant} when asked.
 */
public final class Pin {
    private final Cid cid;
    private final PinOptions options;
    private final PinType type;
    private final List<PeerId> allocations;
    private final Cid reference;
    private final long timestampSeconds;
    private final int timestampNanos;

    /** Null options, type, allocations or timestamp stand for the defaults, no allocation and the epoch. */
    public Pin(Cid cid, PinOptions options, PinType type, List<PeerId> allocations, Cid reference,
               Instant timestamp) {
        if (cid == null) {
            throw new IllegalArgumentException("a pin needs a CID");
        }
        this.cid = cid;
        this.options = options == null ? PinOptions.DEFAULTS : options;
        this.type = type == null ? PinType.DATA : type;
        this.allocations = allocations == null ? List.of() : List.copyOf(allocations);
        this.reference = reference;
        Instant t = timestamp == null ? Instant.EPOCH : timestamp;
        this.timestampSeconds = t.getEpochSecond();
        this.timestampNanos = t.getNano();
    }

    public Cid cid() {
        return cid;
    }

    public PinOptions options() {
        return options;
    }

    public PinType type() {
        return type;
    }

    /** Unmodifiable. */
    public List<PeerId> allocations() {
        return allocations;
    }

    /** ipfs-cluster's {@code reference} (a pin of a sharded DAG points at another), or null. */
    public Cid reference() {
        return reference;
    }

    /** When the leader accepted this pin; {@link Instant#EPOCH} when it was given none. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(timestampSeconds, timestampNanos);
    }

    /** Whether this pin's timestamp is later than {@code other}'s (without making either {@code Instant}). */
    public boolean acceptedAfter(Pin other) {
        return timestampSeconds != other.timestampSeconds ? timestampSeconds > other.timestampSeconds
                : timestampNanos > other.timestampNanos;
    }

    public boolean isAllocatedTo(PeerId peer) {
        return options.replicationMin() == -1 || allocations.contains(peer);
    }

    public boolean isEverywhere() {
        return options.replicationMin() == -1;
    }

    public boolean isExpiredAt(Instant now) {
        return options.expireAt() != null && !options.expireAt().isAfter(now);
    }

    public int maxDepth() {
        return options.mode().maxDepth();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pin p && timestampSeconds == p.timestampSeconds && timestampNanos == p.timestampNanos
                && cid.equals(p.cid) && options.equals(p.options) && type == p.type
                && allocations.equals(p.allocations) && Objects.equals(reference, p.reference);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(cid, options, type, allocations, reference);
        return 31 * (31 * h + Long.hashCode(timestampSeconds)) + timestampNanos;
    }

    @Override
    public String toString() {
        return "Pin[cid=" + cid + ", options=" + options + ", type=" + type + ", allocations=" + allocations
                + ", reference=" + reference + ", timestamp=" + timestamp() + "]";
    }
}
