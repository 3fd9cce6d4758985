package io.pincluster.service.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.LocalStatus;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The simplest {@link LocalPeerHandler.LocalStatuses}: the tracker's answer for each pin allocated here, walking
 * the replica's peer index lazily. The status component's richer source (in-flight unpins too) replaces it.
 */
public final class TrackerStatuses implements LocalPeerHandler.LocalStatuses {
    private final PeerId self;
    private final String peerName;
    private final PinSetView pinset;
    private final LocalPinTracker tracker;
    private final NodeConnector connector;

    public TrackerStatuses(PeerId self, String peerName, PinSetView pinset, LocalPinTracker tracker,
                           NodeConnector connector) {
        this.self = self;
        this.peerName = peerName;
        this.pinset = pinset;
        this.tracker = tracker;
        this.connector = connector;
    }

    @Override
    public PinInfo status(Cid cid) {
        return info(tracker.status(cid), connector.id());
    }

    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        PeerInfo.IpfsInfo ipfs = connector.id();
        return pinset.allocatedTo(self)
                .map(cid -> new CidStatus(cid, info(tracker.status(cid), ipfs)))
                .filter(s -> filter.isEmpty() || filter.contains(s.info().status()));
    }

    @Override
    public PinInfo recover(Cid cid) {
        return info(tracker.recover(cid), connector.id());
    }

    private PinInfo info(LocalStatus s, PeerInfo.IpfsInfo ipfs) {
        return new PinInfo(self, peerName, ipfs.id(), ipfs.addresses(), s.status(), s.timestamp(), s.error(),
                s.attemptCount(), false);
    }
}
