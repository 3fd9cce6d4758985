package io.pincluster.core.pin;

import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;

/** One peer's report on one CID: an entry of {@link GlobalPinInfo#peerMap()}. */
public record PinInfo(PeerId peer, String peerName, String ipfsPeerId, List<String> ipfsPeerAddresses,
                      TrackerStatus status, Instant timestamp, String error, int attemptCount,
                      boolean priorityPin) {
    public PinInfo {
        peerName = peerName == null ? "" : peerName;
        ipfsPeerId = ipfsPeerId == null ? "" : ipfsPeerId;
        ipfsPeerAddresses = ipfsPeerAddresses == null ? List.of() : List.copyOf(ipfsPeerAddresses);
        timestamp = timestamp == null ? Instant.EPOCH : timestamp;
        error = error == null ? "" : error;
    }

    public static PinInfo of(PeerId peer, String peerName, TrackerStatus status, Instant timestamp) {
        return new PinInfo(peer, peerName, "", List.of(), status, timestamp, "", 0, false);
    }
}
