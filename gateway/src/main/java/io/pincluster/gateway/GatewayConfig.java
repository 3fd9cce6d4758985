package io.pincluster.gateway;

import java.util.Objects;

/**
 * Where the gateway listens.
 *
 * @param host the address to bind; loopback by default, since the gateway serves whatever this peer holds
 * @param port the TCP port, 0 for any free port (tests)
 */
public record GatewayConfig(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("gateway host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway port must be 0..65535, not " + port);
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_HOST, DEFAULT_PORT);
    }

    /** Loopback on a free port. */
    public static GatewayConfig ephemeral() {
        return new GatewayConfig(DEFAULT_HOST, 0);
    }
}
