package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.tracker.PinQueue.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's full passes comparing the pinset with the store: the catch-up at start (changes made while this
 * peer was down) and the periodic check that what is allocated here is still fully on disk. They only queue
 * work; the workers do it. CIDs already being worked on are left alone.
 */
final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final PeerId self;
    private final PinSetView pinset;
    private final NodeConnector connector;
    private final ContentPinner pinner;
    private final TrackedWork work;
    private final HoldingChanges changes;
    private final SurplusCopies surplus;
    private final BooleanSupplier closed;

    Reconciliation(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner, TrackedWork work,
                   HoldingChanges changes, SurplusCopies surplus, BooleanSupplier closed) {
        this.self = self;
        this.pinset = pinset;
        this.connector = connector;
        this.pinner = pinner;
        this.work = work;
        this.changes = changes;
        this.surplus = surplus;
        this.closed = closed;
    }

    /**
     * What a catch-up walk reads.
     *
     * @param allocated whether it walks the pins allocated here
     * @param from      where in those it starts (included; null: from the first)
     * @param localPins whether it walks the store's pins
     */
    record WalkScope(boolean allocated, Cid from, boolean localPins) {
        /** The whole pinset and every local pin. */
        static final WalkScope ALL = new WalkScope(true, null, true);
    }

    /**
     * Queues every allocated CID the store does not hold pinned and every local pin no longer allocated here, as far
     * as {@code scope} reaches and until {@code stop} says so. Returns how many CIDs were queued.
     */
    int catchUp(WalkScope scope, BooleanSupplier stop) {
        int queued = 0;
        if (scope.allocated()) {
            try (Stream<Cid> allocated = pinset.allocatedTo(self, scope.from())) {
                for (Cid cid : (Iterable<Cid>) allocated::iterator) {
                    if (stop.getAsBoolean()) {
                        return queued;
                    }
                    // The walk runs beside the tracker: a pin queued or waiting already was handled since it started.
                    // The waiting set first: it is read in the walk's order, the entries' hash map at random.
                    if (work.isWaiting(cid) || work.hasEntry(cid)) {
                        continue;
                    }
                    Pin pin = pinset.get(cid).orElse(null);
                    if (pin != null && !connector.status(cid).satisfies(pin.options().mode())) {
                        work.enqueue(cid, Priority.NEW, false);
                        queued++;
                    }
                }
            }
        }
        if (!scope.localPins()) {
            return queued;
        }
        try (Stream<Cid> local = connector.pins()) {
            for (Cid cid : (Iterable<Cid>) local::iterator) {
                if (stop.getAsBoolean()) {
                    return queued;
                }
                if (!wants(cid)) {
                    work.enqueue(cid, Priority.NEW, false);
                    queued++;
                }
            }
        }
        return queued;
    }

    /**
     * One full pass: every allocated pin whose DAG is no longer complete on disk is reported
     * {@code unexpectedly_unpinned} and queued for repair; every local pin not allocated here is queued for
     * unpinning. Returns the CIDs queued.
     */
    List<Cid> reconcile() {
        List<Cid> queuedNow = new ArrayList<>();
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.filter(cid -> !work.isTracked(cid)).forEach(cid -> {
                Pin pin = pinset.get(cid).orElse(null);
                String lost = pin == null || closed.getAsBoolean() ? null : lostContent(pin);
                if (lost != null) {
                    LOG.warn("{}: {} is allocated here but {}; repairing", self, cid, lost);
                    work.markLost(cid, lost);
                    changes.released(cid); // the leader must not count this copy until it is repaired
                    queuedNow.add(cid);
                }
            });
        }
        try (Stream<Cid> local = connector.pins()) {
            local.filter(cid -> !work.isTracked(cid) && !wants(cid) && !surplus.isAwaiting(cid)).forEach(cid -> {
                work.enqueue(cid, Priority.NEW, false);
                queuedNow.add(cid);
            });
        }
        return queuedNow;
    }

    // Why the pin's content is not (fully) held, or null when it is.
    private String lostContent(Pin pin) {
        if (!connector.status(pin.cid()).satisfies(pin.options().mode())) {
            return "not pinned in the local store";
        }
        List<Cid> missing = pinner.missingBlocks(pin);
        return missing.isEmpty() ? null : missing.size() + " block(s) are missing from the store, e.g. "
                + missing.get(0);
    }

    private boolean wants(Cid cid) {
        return pinset.get(cid).map(p -> p.isAllocatedTo(self)).orElse(false);
    }
}
