package io.pincluster.service.security;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.security.ClusterCa;
import io.pincluster.security.PeerTlsIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * This peer's TLS identity for the Raft and cluster RPC links: its key and certificate in {@code <peer>/tls},
 * issued by the CA every peer derives from the cluster secret, re-issued by a timer before it expires. A peer the
 * replicated peer directory marks removed is refused at the handshake; any other holder of a certificate of this
 * cluster is admitted (a joining peer is not in the directory yet: knowing the secret is its proof).
 */
public final class PeerLinkSecurity {
    /** The folder of a peer's TLS key and certificate, inside its peer folder. */
    public static final String FOLDER = "tls";
    /** How often the certificate's remaining validity is checked; it is re-issued with a third left (10 days). */
    private static final Duration RENEWAL_CHECK = Duration.ofHours(1);

    private PeerLinkSecurity() {
    }

    /** Opens (creating key and certificate as needed) and starts the renewal timer; close it with the peer. */
    public static PeerTlsIdentity open(Path peerDir, PeerId self, String hexSecret, PeerDirectory directory,
                                       Clock clock) {
        PeerTlsIdentity identity = PeerTlsIdentity.open(self, ClusterCa.fromHexSecret(hexSecret),
                peerDir.resolve(FOLDER), notRemoved(directory), clock, PeerTlsIdentity.DEFAULT_VALIDITY);
        identity.startRenewal(RENEWAL_CHECK);
        return identity;
    }

    /** Admits every peer but those the directory marks removed. */
    static Predicate<PeerId> notRemoved(PeerDirectory directory) {
        return peer -> !directory.get(peer).map(PeerRecord::removed).orElse(false);
    }
}
