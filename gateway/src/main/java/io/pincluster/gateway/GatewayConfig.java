package io.pincluster.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the gateway listens, and whether over TLS.
 *
 * @param host        the address to bind; loopback by default, since the gateway serves whatever this peer holds
 * @param port        the TCP port, 0 for any free port (tests)
 * @param sslCertFile PEM certificate chain: with {@code sslKeyFile}, HTTPS; null for plain HTTP
 * @param sslKeyFile  PEM (PKCS#8) private key of {@code sslCertFile}
 * @param requestTimeout the longest a request may take before its body starts streaming (resolving a path,
 *                    rendering a listing, an error); answered 503 when over. A streamed file or CAR body is not
 *                    limited by it (backpressure and the idle timeout are)
 */
public record GatewayConfig(String host, int port, Path sslCertFile, Path sslKeyFile, Duration requestTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** {@code gateway.request_timeout} unless configured. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("gateway host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway port must be 0..65535, not " + port);
        }
        if ((sslCertFile == null) != (sslKeyFile == null)) {
            throw new IllegalArgumentException("gateway ssl_cert_file and ssl_key_file go together");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("gateway request timeout must be positive, not " + requestTimeout);
        }
    }

    /** With the default request timeout. */
    public GatewayConfig(String host, int port, Path sslCertFile, Path sslKeyFile) {
        this(host, port, sslCertFile, sslKeyFile, null);
    }

    /** Plain HTTP. */
    public GatewayConfig(String host, int port) {
        this(host, port, null, null);
    }

    /** The same, over HTTPS with this PEM certificate chain and key. */
    public GatewayConfig withTls(Path certFile, Path keyFile) {
        return new GatewayConfig(host, port, certFile, keyFile, requestTimeout);
    }

    /** The same, with another request timeout. */
    public GatewayConfig withRequestTimeout(Duration timeout) {
        return new GatewayConfig(host, port, sslCertFile, sslKeyFile, timeout);
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_HOST, DEFAULT_PORT);
    }

    /** Loopback on a free port. */
    public static GatewayConfig ephemeral() {
        return new GatewayConfig(DEFAULT_HOST, 0);
    }
}
