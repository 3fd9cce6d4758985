package io.pincluster.service.testing;

import io.pincluster.core.peer.PeerId;
import io.pincluster.security.ClusterCa;
import io.pincluster.security.PeerTlsIdentity;
import java.nio.file.Path;

/** TLS identities for tests that run peer links outside a whole {@code ClusterAssembly}. */
public final class TestTls {
    /** A cluster secret for such tests. */
    public static final String SECRET = "5a".repeat(32);

    private TestTls() {
    }

    /** {@code peer}'s identity in the cluster of {@link #SECRET}, its key and certificate under {@code dir}. */
    public static PeerTlsIdentity of(PeerId peer, Path dir) {
        return of(peer, SECRET, dir);
    }

    /** {@code peer}'s identity in the cluster of {@code secret}, admitting every peer; close it after use. */
    public static PeerTlsIdentity of(PeerId peer, String secret, Path dir) {
        return PeerTlsIdentity.open(peer, ClusterCa.fromHexSecret(secret), dir.resolve("tls-" + peer), p -> true);
    }
}
