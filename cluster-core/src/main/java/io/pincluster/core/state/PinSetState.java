package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable replica: one writer applies ops in log order ({@link #apply}, {@link #replaceAll},
 * {@link #setAppliedIndex}); any thread may read through {@link PinSetView}. A wholesale replacement (a
 * snapshot loaded from disk or installed from the leader) builds a new table and swaps it in one step, so
 * readers never see a half-loaded pinset.
 */
public final class PinSetState implements PinSetView {
    private static final Logger LOG = LoggerFactory.getLogger(PinSetState.class);

    /** Read only: what {@link #allocationsIn} answers for a peer with no allocations. */
    private static final CidSortedMap<Void> NO_ALLOCATIONS = CidSortedMap.keysOnly();

    private volatile PinTable table = new PinTable();
    private final PinInterner interner = new PinInterner();
    private final Supplier<? extends UnaryOperator<Cid>> heldCids;
    private volatile long appliedIndex;
    private final List<PinSetListener> listeners = new CopyOnWriteArrayList<>();

    public PinSetState() {
        this(UnaryOperator::identity);
    }

    /**
     * @param heldCids per snapshot load, a fresh mapping to the instance of an equal CID this process already holds
     *                 elsewhere (the embedded store's pin records), or to its argument; asked in CID order (a
     *                 snapshot's order). A snapshot's pins take those, so a restarted 10-million-pin peer keeps one
     *                 {@code Cid} per pin, not two (~0.6 GB). Pins applied from the log keep their own; the store is
     *                 handed the pinset's instances when the tracker pins.
     */
    public PinSetState(Supplier<? extends UnaryOperator<Cid>> heldCids) {
        this.heldCids = Objects.requireNonNull(heldCids, "heldCids");
    }

    public void addListener(PinSetListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(PinSetListener listener) {
        listeners.remove(listener);
    }

    /**
     * Applies one op and tells the listeners. Returns the pin as it was before (null if the CID was not
     * pinned); for {@link PinOp.RemovePin} a null result means "not found" and nothing changed.
     */
    public Pin apply(PinOp op) {
        PinTable t = table;
        if (op instanceof PinOp.AddPin add) {
            Pin pin = interner.intern(add.pin());
            Pin before = t.put(pin);
            fire(before, pin);
            return before;
        }
        Pin before = t.remove(op.cid());
        if (before != null) {
            fire(before, null);
        }
        return before;
    }

    public void setAppliedIndex(long index) {
        appliedIndex = index;
    }

    /**
     * Replaces the whole pinset (snapshot load/install) and reports the difference to the listeners, so
     * a subscriber's view stays exact without a separate resync path.
     */
    public void replaceAll(Iterator<Pin> pins, long newAppliedIndex) {
        PinTable fresh = new PinTable();
        UnaryOperator<Cid> held = heldCids.get();
        while (pins.hasNext()) {
            Pin pin = pins.next();
            fresh.put(interner.intern(pin, held.apply(pin.cid())));
        }
        PinTable old = table;
        table = fresh;
        appliedIndex = newAppliedIndex;
        List<PinSetListener> perPin = new ArrayList<>();
        for (PinSetListener l : listeners) {
            try {
                if (!l.pinsetReplaced()) {
                    perPin.add(l);
                }
            } catch (RuntimeException e) {
                LOG.warn("pinset listener {} failed; ignoring", l, e);
            }
        }
        if (perPin.isEmpty()) {
            return; // nobody wants the difference pin by pin: not worked out at all
        }
        for (Iterator<Pin> it = old.pins.valuesAfter(null); it.hasNext(); ) {
            Pin gone = it.next();
            if (!fresh.pins.containsKey(gone.cid())) {
                fire(perPin, gone, null);
            }
        }
        for (Iterator<Pin> it = fresh.pins.valuesAfter(null); it.hasNext(); ) {
            Pin now = it.next();
            Pin before = old.pins.get(now.cid());
            if (!now.equals(before)) {
                fire(perPin, before, now);
            }
        }
    }

    /**
     * The pins in CID order, as references to the immutable records: O(n) pointer copies, far cheaper
     * than serialising. Called by the writer thread between applies, so the copy is a consistent cut.
     */
    public List<Pin> copyPins() {
        return table.pins.values();
    }

    private void fire(Pin before, Pin after) {
        fire(listeners, before, after);
    }

    private static void fire(List<PinSetListener> to, Pin before, Pin after) {
        for (PinSetListener l : to) {
            try {
                l.pinChanged(before, after);
            } catch (RuntimeException e) {
                LOG.warn("pinset listener {} failed; ignoring", l, e);
            }
        }
    }

    @Override
    public Optional<Pin> get(Cid cid) {
        return Optional.ofNullable(table.pins.get(cid));
    }

    @Override
    public long size() {
        return table.pins.size();
    }

    @Override
    public Stream<Pin> pinsAfter(Cid after) {
        return SortedMerge.stream(table.pins.valuesAfter(after));
    }

    @Override
    public Stream<Pin> query(AllocationQuery query) {
        return PinQueries.run(table, query == null ? AllocationQuery.ALL : query);
    }

    @Override
    public Stream<Cid> allocatedTo(PeerId peer) {
        return allocatedTo(peer, null);
    }

    @Override
    public Stream<Cid> allocatedTo(PeerId peer, Cid from) {
        PinTable t = table;
        Stream<Cid> after = SortedMerge.stream(SortedMerge.of(List.of(allocationsIn(t, peer).keysAfter(from),
                        t.everywhere.keysAfter(from))))
                .filter(cid -> isAllocated(t, cid, peer));
        return from == null ? after : Stream.concat(Stream.of(from).filter(cid -> isAllocated(t, cid, peer)), after);
    }

    @Override
    public Stream<Cid> allocationsOf(PeerId peer) {
        PinTable t = table;
        return SortedMerge.stream(allocationsIn(t, peer).keysAfter(null)).filter(cid -> isAllocated(t, cid, peer));
    }

    @Override
    public long allocationCount(PeerId peer) {
        return allocationsIn(table, peer).size();
    }

    @Override
    public Set<PeerId> allocatedPeers() {
        return Set.copyOf(table.byPeer.keySet());
    }

    private static CidSortedMap<Void> allocationsIn(PinTable t, PeerId peer) {
        CidSortedMap<Void> set = t.byPeer.get(peer);
        return set == null ? NO_ALLOCATIONS : set;
    }

    // An index entry may be stale for a moment while the writer replaces a pin; the pin itself decides.
    private static boolean isAllocated(PinTable t, Cid cid, PeerId peer) {
        Pin pin = t.pins.get(cid);
        return pin != null && pin.isAllocatedTo(peer);
    }

    @Override
    public Stream<Pin> expiredAt(Instant now) {
        PinTable t = table;
        return t.byExpiry.headMap(now, true).values().stream()
                .flatMap(set -> set.stream())
                .map(t.pins::get)
                .filter(p -> p != null && p.isExpiredAt(now));
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }
}
