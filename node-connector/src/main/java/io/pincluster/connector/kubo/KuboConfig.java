package io.pincluster.connector.kubo;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the Kubo daemon's RPC API listens and how long calls may take.
 *
 * @param host           the RPC API's host (usually 127.0.0.1)
 * @param port           the RPC API's port (Kubo's default is 5001)
 * @param requestTimeout cap on calls that do not fetch from the network ({@code id}, {@code pin/ls},
 *                       {@code repo/stat}, {@code block/put}...)
 * @param fetchTimeout   for calls that may fetch from other nodes: sent to the daemon as {@code timeout=}, and for
 *                       {@code pin/add} the longest wait without progress before the pin is given up
 * @param pinTimeout     total daemon-side cap ({@code timeout=}) on one {@code pin/add}, so a pin the connector
 *                       gave up on does not run in the daemon forever
 */
public record KuboConfig(String host, int port, Duration requestTimeout, Duration fetchTimeout, Duration pinTimeout) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_PIN_TIMEOUT = Duration.ofHours(24);

    public KuboConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Kubo RPC host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Kubo RPC port " + port + " is not in 1..65535");
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(fetchTimeout, "fetchTimeout");
        requirePositive(pinTimeout, "pinTimeout");
    }

    /** The daemon at {@code host:port} with the default timeouts (5m requests, 2m fetches, 24h per pin). */
    public static KuboConfig of(String host, int port) {
        return new KuboConfig(host, port, DEFAULT_REQUEST_TIMEOUT, DEFAULT_FETCH_TIMEOUT, DEFAULT_PIN_TIMEOUT);
    }

    public KuboConfig withFetchTimeout(Duration d) {
        return new KuboConfig(host, port, requestTimeout, d, pinTimeout);
    }

    public KuboConfig withRequestTimeout(Duration d) {
        return new KuboConfig(host, port, d, fetchTimeout, pinTimeout);
    }

    /** {@code host:port}, IPv6 hosts in brackets. */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
