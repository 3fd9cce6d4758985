package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.time.Instant;
import java.util.stream.Stream;

/** What the HTTP front ends ask about peers: {@code /id}, {@code /version}, {@code /peers}. */
public interface PeerApi {
    PeerInfo id();

    String version();

    /** Every cluster peer's {@link PeerInfo}; peers that cannot be asked carry an error. */
    Stream<PeerInfo> peers();

    PeerInfo addPeer(PeerId peer);

    /**
     * {@code DELETE /peers/{id}}: a peer that is up is drained first and removed once it holds nothing (its pins
     * never drop below their minimum); a peer that is down, or any peer with {@code force}, is removed now and its
     * pins are repaired at once.
     *
     * @return true when the peer was removed now, false when it is draining
     */
    boolean removePeer(PeerId peer, boolean force);

    /** {@code POST|DELETE /peers/{id}/drain}: starts moving every pin off a member, or stops (keeps it a member). */
    void drain(PeerId peer, boolean on);

    /**
     * {@code POST|DELETE /peers/{id}/maintenance}: while {@code until} is ahead, the member being down moves none of
     * its pins (planned restarts); null ends the maintenance.
     */
    void maintenance(PeerId peer, Instant until);
}
