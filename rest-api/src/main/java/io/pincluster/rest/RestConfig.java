package io.pincluster.rest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the REST API listens and whom it lets in. {@code basicAuthCredentials} null means no authentication
 * (as in ipfs-cluster); an empty map is refused because it would lock everyone out by accident.
 * Armeria has no separate header-read timeout: a connection whose headers never complete has no request
 * in flight, so {@code idleTimeout} closes it.
 *
 * @param host                 address to bind, default 127.0.0.1
 * @param port                 TCP port, default 9094; 0 picks a free one (tests)
 * @param basicAuthCredentials user → password, or null for no authentication
 * @param maxRequestBodyBytes  largest body accepted by every route but {@code /add}
 * @param maxAddBytes          largest {@code /add} upload
 * @param idleTimeout          how long an idle (or header-less) connection stays open
 * @param maxHeaderBytes       largest HTTP/1 header block (at least 4096, as in ipfs-cluster)
 * @param corsAllowedOrigins   CORS origins; none by default (no CORS headers for anyone, unlike ipfs-cluster's
 *                             {@code ["*"]}: a browser page must not drive the API with cached credentials).
 *                             {@code "*"} allows any origin but then never with credentials
 * @param corsAllowedMethods   CORS methods; {@code ["GET"]} by default
 * @param security             roles, tokens, TLS and the failed-login limit
 * @param requestTimeout       the longest a request may take, body and answer included, unless its route streams
 *                             (answered 503 when over); {@link #DEFAULT_REQUEST_TIMEOUT} when null
 */
public record RestConfig(String host, int port, Map<String, String> basicAuthCredentials, long maxRequestBodyBytes,
                         long maxAddBytes, Duration idleTimeout, int maxHeaderBytes, List<String> corsAllowedOrigins,
                         List<String> corsAllowedMethods, RestSecurity security, Duration requestTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9094;
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
    public static final long DEFAULT_MAX_ADD = 64L * 1024 * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final int MIN_HEADER_BYTES = 4096;
    /**
     * {@code restapi.request_timeout} unless configured: a pin waits at most {@code consensus.request_timeout} (30 s)
     * for its commit, so two minutes only cut off clients that trickle a body in or never read the answer.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    public RestConfig {
        host = host == null || host.isEmpty() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("restapi port must be between 0 and 65535, not " + port);
        }
        if (basicAuthCredentials != null) {
            if (basicAuthCredentials.isEmpty()) {
                throw new IllegalArgumentException(
                        "restapi basic_auth_credentials is an empty map: use null for no authentication");
            }
            basicAuthCredentials.forEach((user, password) -> {
                if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
                    throw new IllegalArgumentException(
                            "restapi basic_auth_credentials: user names and passwords must not be empty");
                }
            });
            basicAuthCredentials = Map.copyOf(basicAuthCredentials);
        }
        if (maxRequestBodyBytes <= 0 || maxAddBytes <= 0) {
            throw new IllegalArgumentException("restapi body limits must be positive");
        }
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("restapi idle timeout must not be negative");
        }
        if (maxHeaderBytes < MIN_HEADER_BYTES) {
            throw new IllegalArgumentException("restapi max header bytes must be at least " + MIN_HEADER_BYTES);
        }
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        corsAllowedMethods = corsAllowedMethods == null ? List.of("GET") : List.copyOf(corsAllowedMethods);
        security = security == null ? RestSecurity.defaults() : security;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("restapi request timeout must be positive, not " + requestTimeout);
        }
    }

    /** With the default request timeout. */
    public RestConfig(String host, int port, Map<String, String> basicAuthCredentials, long maxRequestBodyBytes,
                      long maxAddBytes, Duration idleTimeout, int maxHeaderBytes, List<String> corsAllowedOrigins,
                      List<String> corsAllowedMethods, RestSecurity security) {
        this(host, port, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout, maxHeaderBytes,
                corsAllowedOrigins, corsAllowedMethods, security, null);
    }

    /** Without the security settings: {@link RestSecurity#defaults()}. */
    public RestConfig(String host, int port, Map<String, String> basicAuthCredentials, long maxRequestBodyBytes,
                      long maxAddBytes, Duration idleTimeout, int maxHeaderBytes, List<String> corsAllowedOrigins,
                      List<String> corsAllowedMethods) {
        this(host, port, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout, maxHeaderBytes,
                corsAllowedOrigins, corsAllowedMethods, null);
    }

    /** ipfs-cluster's defaults: 127.0.0.1:9094, no authentication; no CORS. */
    public static RestConfig defaults() {
        return new RestConfig(DEFAULT_HOST, DEFAULT_PORT, null, DEFAULT_MAX_BODY, DEFAULT_MAX_ADD,
                DEFAULT_IDLE_TIMEOUT, MIN_HEADER_BYTES, null, null);
    }

    public RestConfig withPort(int newPort) {
        return new RestConfig(host, newPort, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout,
                maxHeaderBytes, corsAllowedOrigins, corsAllowedMethods, security, requestTimeout);
    }

    public RestConfig withCredentials(Map<String, String> credentials) {
        return new RestConfig(host, port, credentials, maxRequestBodyBytes, maxAddBytes, idleTimeout, maxHeaderBytes,
                corsAllowedOrigins, corsAllowedMethods, security, requestTimeout);
    }

    public RestConfig withBodyLimits(long maxBody, long maxAdd) {
        return new RestConfig(host, port, basicAuthCredentials, maxBody, maxAdd, idleTimeout, maxHeaderBytes,
                corsAllowedOrigins, corsAllowedMethods, security, requestTimeout);
    }

    public RestConfig withCorsAllowedOrigins(List<String> origins) {
        return new RestConfig(host, port, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout,
                maxHeaderBytes, origins, corsAllowedMethods, security, requestTimeout);
    }

    public RestConfig withSecurity(RestSecurity newSecurity) {
        return new RestConfig(host, port, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout,
                maxHeaderBytes, corsAllowedOrigins, corsAllowedMethods, newSecurity, requestTimeout);
    }

    public RestConfig withRequestTimeout(Duration timeout) {
        return new RestConfig(host, port, basicAuthCredentials, maxRequestBodyBytes, maxAddBytes, idleTimeout,
                maxHeaderBytes, corsAllowedOrigins, corsAllowedMethods, security, timeout);
    }

    /** Keeps passwords out of logs and exceptions. */
    @Override
    public String toString() {
        return "RestConfig[" + host + ":" + port + ", auth=" + (basicAuthCredentials == null ? "none"
                : basicAuthCredentials.size() + " user(s)") + ", maxBody=" + maxRequestBodyBytes + ", maxAdd="
                + maxAddBytes + ", idle=" + idleTimeout + ", requestTimeout=" + requestTimeout + ", " + security + "]";
    }
}
