package io.pincluster.service.status;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Merges every peer's CID-ordered status stream (and, when the filter needs it, this peer's CID-ordered pinset)
 * into {@link GlobalPinInfo}s in CID order. Holds one item per peer and one pin: memory does not grow with the
 * pinset, unlike ipfs-cluster, which collects every answer in a map before replying.
 *
 * <p>Peers leave out CIDs allocated elsewhere, so the merge writes those entries itself ({@code remote}, as for a
 * single CID). A peer whose stream failed gets {@code cluster_error} with the error text for every CID it should
 * have reported. A CID no peer is asked about because it is not in the pinset shows {@code unpinned}. When a peer
 * does not report a pin our replica says it holds (replicas differ for a moment), that one CID is asked directly,
 * up to {@link #MAX_DIRECT_ASKS} times per answer.
 *
 * <p>The filter applies to each peer entry; a CID is included when any entry matches, and then also carries the
 * {@code cluster_error} entries of peers that could not be asked (as ipfs-cluster does).
 */
public final class StatusMerge implements Iterator<GlobalPinInfo>, AutoCloseable {
    static final int MAX_DIRECT_ASKS = 1000;
    static final String NOT_REPORTED = "the peer did not report this pin (its replica may be behind)";

    /** Asks one peer for one CID; must not throw: a failure is returned as a {@code cluster_error} entry. */
    public interface DirectAsk {
        PinInfo ask(PeerId peer, Cid cid);
    }

    private final Stream<Pin> pinStream;
    private final Iterator<Pin> pins;
    private final PinSetView pinset;
    private final List<PeerCursor> cursors;
    private final Set<TrackerStatus> filter;
    private final PeerLabels labels;
    private final DirectAsk directAsk;
    private final Clock clock;
    private final boolean walkPins;
    private Pin pinHead;
    private GlobalPinInfo pending;
    private int directAsks;
    private boolean asked;

    /**
     * Walks {@code pinset} in CID order alongside the peers' streams unless the filter only asks for statuses the
     * peers report themselves; then only the CIDs peers report are looked up.
     */
    StatusMerge(PinSetView pinset, List<PeerCursor> cursors, Set<TrackerStatus> filter, PeerLabels labels,
                DirectAsk directAsk, Clock clock) {
        this.walkPins = !peersAnswerAlone(filter);
        this.pinStream = walkPins ? pinset.pinsAfter(null) : Stream.empty();
        this.pins = pinStream.iterator();
        this.pinset = pinset;
        this.cursors = List.copyOf(cursors);
        this.filter = filter;
        this.labels = labels;
        this.directAsk = directAsk;
        this.clock = clock;
        this.pinHead = pins.hasNext() ? pins.next() : null;
    }

    /**
     * The merged statuses of {@code peers} in CID order, lazily; {@code open} opens one peer's status stream for
     * the filter (only when the merge first reads it). Closing the returned stream closes every peer stream.
     */
    public static Stream<GlobalPinInfo> stream(PinSetView pinset, List<PeerId> peers,
                                               java.util.function.Function<PeerId, Stream<CidStatus>> open,
                                               Set<TrackerStatus> filter, PeerLabels labels, DirectAsk directAsk,
                                               Clock clock) {
        List<PeerCursor> cursors = peers.stream().map(p -> new PeerCursor(p, () -> open.apply(p))).toList();
        StatusMerge merge = new StatusMerge(pinset, cursors, filter, labels, directAsk, clock);
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(merge,
                java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false).onClose(merge::close);
    }

    /** True when every status in {@code filter} is one the peers report themselves: no need to walk the pinset. */
    static boolean peersAnswerAlone(Set<TrackerStatus> filter) {
        return !filter.isEmpty() && !filter.contains(TrackerStatus.REMOTE) && !filter.contains(TrackerStatus.UNPINNED)
                && !filter.contains(TrackerStatus.CLUSTER_ERROR);
    }

    @Override
    public boolean hasNext() {
        if (!asked) {
            asked = true;
            cursors.forEach(PeerCursor::open); // every peer at once: their deadlines run together
        }
        while (pending == null) {
            Cid cid = smallestHead();
            if (cid == null) {
                return false;
            }
            pending = build(cid);
        }
        return true;
    }

    @Override
    public GlobalPinInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        GlobalPinInfo out = pending;
        pending = null;
        return out;
    }

    private Cid smallestHead() {
        Cid min = pinHead == null ? null : pinHead.cid();
        for (PeerCursor c : cursors) {
            Cid head = c.headCid();
            if (head != null && (min == null || head.compareTo(min) < 0)) {
                min = head;
            }
        }
        return min;
    }

    private GlobalPinInfo build(Cid cid) {
        Pin pin;
        if (pinHead != null && pinHead.cid().equals(cid)) {
            pin = pinHead;
            pinHead = pins.hasNext() ? pins.next() : null;
        } else {
            pin = walkPins ? null : pinset.get(cid).orElse(null);
        }
        Map<PeerId, PinInfo> matched = new HashMap<>();
        List<PinInfo> unreachable = new ArrayList<>();
        for (PeerCursor c : cursors) {
            CidStatus reported = c.takeIf(cid);
            PinInfo info = reported != null ? reported(c.peer(), reported.info()) : inferred(c, pin, cid);
            if (info == null) {
                continue;
            }
            if (reported == null && info.status() == TrackerStatus.CLUSTER_ERROR) {
                unreachable.add(info);
            } else if (matches(info.status())) {
                matched.put(c.peer(), info);
            }
        }
        if (matched.isEmpty() && (unreachable.isEmpty() || !matches(TrackerStatus.CLUSTER_ERROR))) {
            return null;
        }
        unreachable.forEach(i -> matched.put(i.peer(), i));
        return GlobalPinInfo.of(cid, pin, matched);
    }

    private PinInfo reported(PeerId peer, PinInfo info) {
        labels.learn(peer, new PeerLabels.Label(info.peerName(), info.ipfsPeerId(), info.ipfsPeerAddresses()));
        return info.peer().equals(peer) ? info : new PinInfo(peer, info.peerName(), info.ipfsPeerId(),
                info.ipfsPeerAddresses(), info.status(), info.timestamp(), info.error(), info.attemptCount(),
                info.priorityPin());
    }

    private PinInfo inferred(PeerCursor c, Pin pin, Cid cid) {
        PeerId peer = c.peer();
        if (pin != null && !pin.isAllocatedTo(peer)) {
            return entry(peer, TrackerStatus.REMOTE, pin.timestamp(), "");
        }
        if (c.failed()) {
            return entry(peer, TrackerStatus.CLUSTER_ERROR, clock.instant(), c.error());
        }
        if (pin == null) {
            return entry(peer, TrackerStatus.UNPINNED, clock.instant(), "");
        }
        if (!filter.isEmpty()) {
            return null; // the peer left it out because it did not match
        }
        if (directAsks >= MAX_DIRECT_ASKS) {
            return entry(peer, TrackerStatus.CLUSTER_ERROR, clock.instant(), NOT_REPORTED);
        }
        directAsks++;
        return directAsk.ask(peer, cid);
    }

    private PinInfo entry(PeerId peer, TrackerStatus status, java.time.Instant at, String error) {
        PeerLabels.Label l = labels.of(peer);
        return new PinInfo(peer, l.peerName(), l.ipfsPeerId(), l.ipfsAddresses(), status, at, error, 0, false);
    }

    private boolean matches(TrackerStatus s) {
        return filter.isEmpty() || filter.contains(s);
    }

    @Override
    public void close() {
        cursors.forEach(PeerCursor::close);
        pinStream.close();
    }
}
