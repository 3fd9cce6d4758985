package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.util.stream.Stream;

/** What the HTTP front ends ask about peers: {@code /id}, {@code /version}, {@code /peers}. */
public interface PeerApi {
    PeerInfo id();

    String version();

    /** Every cluster peer's {@link PeerInfo}; peers that cannot be asked carry an error. */
    Stream<PeerInfo> peers();

    PeerInfo addPeer(PeerId peer);

    void removePeer(PeerId peer);
}
