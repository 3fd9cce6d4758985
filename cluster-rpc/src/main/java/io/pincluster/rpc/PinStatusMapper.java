package io.pincluster.rpc;

import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.protocol.PeerTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Pin statuses between domain form and messages: {@link PinInfo}, {@link CidStatus}, {@link TrackerStatus}. */
final class PinStatusMapper {
    private PinStatusMapper() {
    }

    static PeerTypes.PinInfo toMessage(PinInfo p) {
        return PeerTypes.PinInfo.newBuilder()
                .setPeer(WireScalars.peerId(p.peer()))
                .setPeerName(p.peerName())
                .setIpfsPeerId(p.ipfsPeerId())
                .addAllIpfsPeerAddresses(p.ipfsPeerAddresses())
                .setStatus(toMessage(p.status()))
                .setTimestamp(WireScalars.timestamp(p.timestamp()))
                .setError(p.error())
                .setAttemptCount(p.attemptCount())
                .setPriorityPin(p.priorityPin())
                .build();
    }

    static PinInfo fromMessage(PeerTypes.PinInfo m) {
        return new PinInfo(WireScalars.optionalPeerId(m.getPeer()), m.getPeerName(), m.getIpfsPeerId(),
                m.getIpfsPeerAddressesList(), fromMessage(m.getStatus()), WireScalars.instant(m.getTimestamp()),
                m.getError(), m.getAttemptCount(), m.getPriorityPin());
    }

    static PeerTypes.CidStatus toMessage(CidStatus s) {
        return PeerTypes.CidStatus.newBuilder()
                .setCid(WireScalars.cid(s.cid()))
                .setInfo(toMessage(s.info()))
                .build();
    }

    static CidStatus fromMessage(PeerTypes.CidStatus m) {
        return new CidStatus(WireScalars.cid(m.getCid()), fromMessage(m.getInfo()));
    }

    static List<PeerTypes.CidStatus> toEntries(Collection<CidStatus> batch) {
        List<PeerTypes.CidStatus> out = new ArrayList<>(batch.size());
        batch.forEach(s -> out.add(toMessage(s)));
        return out;
    }

    static List<CidStatus> fromEntries(List<PeerTypes.CidStatus> batch) {
        List<CidStatus> out = new ArrayList<>(batch.size());
        batch.forEach(m -> out.add(fromMessage(m)));
        return out;
    }

    static List<PeerTypes.TrackerStatus> toFilter(Set<TrackerStatus> statuses) {
        return statuses.stream().map(PinStatusMapper::toMessage).toList();
    }

    static Set<TrackerStatus> fromFilter(List<PeerTypes.TrackerStatus> statuses) {
        Set<TrackerStatus> out = EnumSet.noneOf(TrackerStatus.class);
        statuses.forEach(s -> out.add(fromMessage(s)));
        return out;
    }

    static PeerTypes.TrackerStatus toMessage(TrackerStatus s) {
        return switch (s) {
            case UNDEFINED -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNDEFINED;
            case CLUSTER_ERROR -> PeerTypes.TrackerStatus.TRACKER_STATUS_CLUSTER_ERROR;
            case PIN_ERROR -> PeerTypes.TrackerStatus.TRACKER_STATUS_PIN_ERROR;
            case UNPIN_ERROR -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNPIN_ERROR;
            case PINNED -> PeerTypes.TrackerStatus.TRACKER_STATUS_PINNED;
            case PINNING -> PeerTypes.TrackerStatus.TRACKER_STATUS_PINNING;
            case UNPINNING -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNPINNING;
            case UNPINNED -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNPINNED;
            case REMOTE -> PeerTypes.TrackerStatus.TRACKER_STATUS_REMOTE;
            case PIN_QUEUED -> PeerTypes.TrackerStatus.TRACKER_STATUS_PIN_QUEUED;
            case UNPIN_QUEUED -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNPIN_QUEUED;
            case SHARDED -> PeerTypes.TrackerStatus.TRACKER_STATUS_SHARDED;
            case UNEXPECTEDLY_UNPINNED -> PeerTypes.TrackerStatus.TRACKER_STATUS_UNEXPECTEDLY_UNPINNED;
        };
    }

    /**
     * A status as received. A value this build does not know (a newer peer's, arriving as {@code UNRECOGNIZED})
     * and the unset zero read as {@link TrackerStatus#UNDEFINED}: a status nobody can act on, rather than a failed
     * call.
     */
    static TrackerStatus fromMessage(PeerTypes.TrackerStatus s) {
        return switch (s) {
            case TRACKER_STATUS_UNSPECIFIED, UNRECOGNIZED, TRACKER_STATUS_UNDEFINED -> TrackerStatus.UNDEFINED;
            case TRACKER_STATUS_CLUSTER_ERROR -> TrackerStatus.CLUSTER_ERROR;
            case TRACKER_STATUS_PIN_ERROR -> TrackerStatus.PIN_ERROR;
            case TRACKER_STATUS_UNPIN_ERROR -> TrackerStatus.UNPIN_ERROR;
            case TRACKER_STATUS_PINNED -> TrackerStatus.PINNED;
            case TRACKER_STATUS_PINNING -> TrackerStatus.PINNING;
            case TRACKER_STATUS_UNPINNING -> TrackerStatus.UNPINNING;
            case TRACKER_STATUS_UNPINNED -> TrackerStatus.UNPINNED;
            case TRACKER_STATUS_REMOTE -> TrackerStatus.REMOTE;
            case TRACKER_STATUS_PIN_QUEUED -> TrackerStatus.PIN_QUEUED;
            case TRACKER_STATUS_UNPIN_QUEUED -> TrackerStatus.UNPIN_QUEUED;
            case TRACKER_STATUS_SHARDED -> TrackerStatus.SHARDED;
            case TRACKER_STATUS_UNEXPECTEDLY_UNPINNED -> TrackerStatus.UNEXPECTEDLY_UNPINNED;
        };
    }
}
