package io.pincluster.service.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code pincluster up} was asked for: number of peers, data folder, admin password (null = the
 * stored or a generated one), first port, and how long to wait for the cluster to become ready.
 */
record UpOptions(int peers, Path data, String password, int basePort, Duration startTimeout) {
    static final int MAX_PEERS = 9;

    UpOptions {
        if (peers < 1 || peers > MAX_PEERS) {
            throw new IllegalArgumentException("--peers must be between 1 and " + MAX_PEERS + ", not " + peers);
        }
        if (basePort < 1024 || basePort + PeerPorts.STRIDE * peers > 65535) {
            throw new IllegalArgumentException("--base-port must leave room for " + peers + " peers between 1024 and "
                    + "65535 (" + PeerPorts.STRIDE + " ports each), not " + basePort);
        }
        if (password != null && password.isBlank()) {
            throw new IllegalArgumentException("--password must not be empty");
        }
    }

    Path peerDir(int index) {
        return data.resolve("peer-" + index);
    }

    PeerPorts ports(int index) {
        return PeerPorts.of(basePort, index);
    }

    /** Zones z1, z2, z3 round robin, so the allocator has zones to spread over. */
    static String zone(int index) {
        return "z" + (index % 3 + 1);
    }
}
