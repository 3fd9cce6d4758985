package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.LocalStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Status and recovery of pins, as ipfs-cluster reports them: one {@link PinInfo} per cluster peer. This peer's
 * entry comes from its tracker; peers outside a pin's allocations are {@code remote} without being asked; the other
 * peers cannot be asked yet (cluster RPC comes later) and show {@code cluster_error}.
 */
public final class StatusService {
    static final String PEER_NOT_ASKED = "peer status not available yet";

    private final PeerId self;
    private final String peerName;
    private final Consensus consensus;
    private final LocalPinTracker tracker;
    private final Clock clock;

    public StatusService(PeerId self, String peerName, Consensus consensus, LocalPinTracker tracker, Clock clock) {
        this.self = self;
        this.peerName = peerName;
        this.consensus = consensus;
        this.tracker = tracker;
        this.clock = clock;
    }

    public GlobalPinInfo status(Cid cid, boolean local) {
        Pin pin = consensus.state().get(cid).orElse(null);
        return GlobalPinInfo.of(cid, pin, peerMap(cid, pin, tracker.status(cid), local));
    }

    /**
     * Statuses in CID order: of {@code cids} when given, otherwise of every pin plus CIDs this peer is still
     * unpinning; only those with a peer entry in {@code filter} (empty = all).
     */
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
        Stream<Cid> which = cids.isEmpty() ? allCids() : cids.stream();
        return which.map(cid -> status(cid, local)).filter(info -> info.anyMatches(filter));
    }

    public GlobalPinInfo recover(Cid cid, boolean local) {
        tracker.recover(cid);
        return status(cid, local);
    }

    /** Retries every failed pin of this peer and returns their statuses. */
    public Stream<GlobalPinInfo> recoverAll(boolean local) {
        return tracker.recoverAll().stream().map(cid -> status(cid, local));
    }

    // Pins come in CID order from the replica; the few CIDs only the tracker knows (being unpinned) are merged
    // in, so the output stays sorted without collecting the pinset.
    private Stream<Cid> allCids() {
        Stream<Cid> pinned = consensus.state().pinsAfter(null).map(Pin::cid);
        List<Cid> extra = tracker.inProgress();
        if (extra.isEmpty()) {
            return pinned;
        }
        Iterator<Cid> merged = new SortedUnion(pinned.iterator(), extra.iterator());
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED), false)
                .onClose(pinned::close);
    }

    /** The union of two sorted iterators, each value once. */
    private static final class SortedUnion implements Iterator<Cid> {
        private final Iterator<Cid> a;
        private final Iterator<Cid> b;
        private Cid nextA;
        private Cid nextB;

        SortedUnion(Iterator<Cid> a, Iterator<Cid> b) {
            this.a = a;
            this.b = b;
            nextA = a.hasNext() ? a.next() : null;
            nextB = b.hasNext() ? b.next() : null;
        }

        @Override
        public boolean hasNext() {
            return nextA != null || nextB != null;
        }

        @Override
        public Cid next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int order = nextA == null ? 1 : nextB == null ? -1 : nextA.compareTo(nextB);
            Cid out = order <= 0 ? nextA : nextB;
            if (order <= 0) {
                nextA = a.hasNext() ? a.next() : null;
            }
            if (order >= 0) {
                nextB = b.hasNext() ? b.next() : null;
            }
            return out;
        }
    }

    private Map<PeerId, PinInfo> peerMap(Cid cid, Pin pin, LocalStatus mine, boolean local) {
        Map<PeerId, PinInfo> map = new HashMap<>();
        map.put(self, new PinInfo(self, peerName, "", List.of(), mine.status(), mine.timestamp(), mine.error(),
                mine.attemptCount(), false));
        if (local) {
            return map;
        }
        for (PeerId peer : consensus.peers()) {
            if (peer.equals(self)) {
                continue;
            }
            if (pin != null && !pin.isAllocatedTo(peer)) {
                map.put(peer, PinInfo.of(peer, "", TrackerStatus.REMOTE, pin.timestamp()));
            } else {
                map.put(peer, new PinInfo(peer, "", "", List.of(), TrackerStatus.CLUSTER_ERROR, clock.instant(),
                        PEER_NOT_ASKED, 0, false));
            }
        }
        return map;
    }
}
