package io.pincluster.rest.psa;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Pinning Service API listener.
 *
 * @param host             where it listens (127.0.0.1)
 * @param port             its port (9097, ipfs-cluster's; 0 picks a free one)
 * @param replication      the replication every pin request asks for: 0 = the cluster's default, -1 = every peer
 * @param maxPinsPerTenant the most pin requests one user may hold (0: no limit)
 * @param requestTimeout   the longest a request may take (a write waits for the Raft log)
 * @param sslCertFile      PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile       PEM (PKCS#8) private key of {@code sslCertFile}
 */
public record PsaConfig(String host, int port, int replication, int maxPinsPerTenant, Duration requestTimeout,
                        Path sslCertFile, Path sslKeyFile) {
    public static final int DEFAULT_PORT = 9097;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public PsaConfig {
        if (replication < -1) {
            throw new IllegalArgumentException("psa.replication must be -1 (everywhere), 0 (default) or positive");
        }
        if (maxPinsPerTenant < 0) {
            throw new IllegalArgumentException("psa.max_pins_per_tenant must be 0 (no limit) or positive");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    }

    /** Plain HTTP on {@code host:port}, cluster defaults, no quota. */
    public static PsaConfig of(String host, int port) {
        return new PsaConfig(host, port, 0, 0, null, null, null);
    }

    public PsaConfig withMaxPinsPerTenant(int max) {
        return new PsaConfig(host, port, replication, max, requestTimeout, sslCertFile, sslKeyFile);
    }
}
