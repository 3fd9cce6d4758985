package io.pincluster.service.status;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.rpc.LocalPeerHandler;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.LocalStatus;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What this peer answers about its own pins, locally and to other peers ({@code PeerRpcHandler.status},
 * {@code statusAll}, {@code recover}).
 *
 * <p>The status stream lists, in CID order, every CID this peer has something to say about: the pins allocated to
 * it plus the CIDs its tracker is still working on (e.g. unpinning). Pins allocated elsewhere are left out: whoever
 * merges the streams knows the allocations and fills in {@code remote} without the bytes crossing the network.
 * The stream walks the replica's peer index lazily, so answering for a million pins holds one pin at a time.
 */
public final class LocalStatusSource implements LocalPeerHandler.LocalStatuses {
    /** Statuses that can only be known by looking at every allocated pin, not just the tracker's work list. */
    private static final Set<TrackerStatus> NEED_FULL_WALK = EnumSet.of(TrackerStatus.PINNED,
            TrackerStatus.UNEXPECTEDLY_UNPINNED, TrackerStatus.UNPINNED, TrackerStatus.SHARDED);

    private final PeerId self;
    private final String peerName;
    private final PinSetView pinset;
    private final LocalPinTracker tracker;
    private final NodeConnector connector;

    public LocalStatusSource(PeerId self, String peerName, PinSetView pinset, LocalPinTracker tracker,
                             NodeConnector connector) {
        this.self = self;
        this.peerName = peerName;
        this.pinset = pinset;
        this.tracker = tracker;
        this.connector = connector;
    }

    public PeerId self() {
        return self;
    }

    /** This peer's status of {@code cid}. */
    @Override
    public PinInfo status(Cid cid) {
        return info(tracker.status(cid), connector.id());
    }

    /** Retries {@code cid} here when it failed or went missing; the status afterwards. */
    @Override
    public PinInfo recover(Cid cid) {
        return info(tracker.recover(cid), connector.id());
    }

    /**
     * This peer's non-{@code remote} statuses matching {@code filter} (empty = all) in CID order, lazily. When the
     * filter asks only for in-flight states (queued, pinning, errors...) only the tracker's work list is read, so
     * {@code status --filter error} stays cheap on a large pinset.
     */
    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        PeerInfo.IpfsInfo ipfs = connector.id(); // once per stream: with Kubo it is an HTTP call
        List<Cid> working = tracker.inProgress();
        boolean fullWalk = filter.isEmpty() || filter.stream().anyMatch(NEED_FULL_WALK::contains);
        Stream<Cid> allocated = fullWalk ? pinset.allocatedTo(self) : Stream.empty();
        Iterator<Cid> cids = working.isEmpty() ? allocated.iterator()
                : new SortedUnion(allocated.iterator(), working.iterator());
        if (fullWalk) {
            // copies kept during a move (make-before-break) are pinned here although not allocated here
            List<Cid> kept;
            try (Stream<Cid> k = tracker.surplusCopies().kept()) {
                kept = k.sorted().toList();
            }
            if (!kept.isEmpty()) {
                cids = new SortedUnion(cids, kept.iterator());
            }
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cids,
                        Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(allocated::close)
                .map(cid -> new CidStatus(cid, info(tracker.status(cid), ipfs)))
                .filter(s -> s.info().status() != TrackerStatus.REMOTE)
                .filter(s -> filter.isEmpty() || filter.contains(s.info().status()));
    }

    private PinInfo info(LocalStatus s, PeerInfo.IpfsInfo ipfs) {
        return new PinInfo(self, peerName, ipfs.id(), ipfs.addresses(), s.status(), s.timestamp(), s.error(),
                s.attemptCount(), false);
    }
}
