package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.rest.RestConfig;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.PasswordHash;
import io.pincluster.rest.auth.Role;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section {@code restapi}: the ipfs-cluster-compatible REST API.
 *
 * @param httpListen           where it listens (9094)
 * @param basicAuthCredentials user name to password, or to a {@code pbkdf2-sha256$...} hash
 *                             ({@code pincluster hash-password}); empty = no authentication. Never logged.
 * @param maxBodySize          largest request body for ordinary routes, in bytes
 * @param maxAddBodySize       largest {@code /add} upload, in bytes
 * @param userRoles            user name to {@code reader}, {@code pinner} or {@code admin}; users missing here are
 *                             admins (as every user was in ipfs-cluster)
 * @param corsAllowedOrigins   origins whose pages may call the API (CORS); empty (default) = none
 * @param tokenLifetime        how long {@code POST /token} tokens live (12h, at most 30 days)
 * @param sslCertFile          PEM certificate chain: with {@code sslKeyFile} the API is served over HTTPS; relative
 *                             paths are inside the peer folder. Null = plain HTTP
 * @param sslKeyFile           PEM (PKCS#8) private key of {@code sslCertFile}
 * @param requestTimeout       the longest a request may take, body and answer included, unless its route streams
 *                             (2m; answered 503 when over). Keep it above {@code consensus.request_timeout}, or
 *                             a pin waiting for its commit is cut off first
 */
public record RestApiSection(ListenAddress httpListen, Map<String, String> basicAuthCredentials, long maxBodySize,
                             long maxAddBodySize, Map<String, String> userRoles, List<String> corsAllowedOrigins,
                             Duration tokenLifetime, String sslCertFile, String sslKeyFile,
                             Duration requestTimeout) {
    static final String NAME = "restapi";
    /** Longer would let one slow client hold a request for a day; a streaming route is not limited by it anyway. */
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofHours(24);

    public RestApiSection {
        basicAuthCredentials = basicAuthCredentials == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(basicAuthCredentials));
        userRoles = userRoles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(userRoles));
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        tokenLifetime = tokenLifetime == null ? JwtCodec.DEFAULT_LIFETIME : tokenLifetime;
        requestTimeout = requestTimeout == null ? RestConfig.DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        Checks c = new Checks(NAME);
        c.require(httpListen != null, "http_listen", "is required");
        basicAuthCredentials.forEach((user, password) -> {
            c.require(!user.isEmpty() && user.indexOf(':') < 0, "basic_auth_credentials",
                    "user name '" + user + "' must be non-empty and contain no ':'");
            c.require(!password.isEmpty(), "basic_auth_credentials", "password of '" + user + "' is empty");
            if (PasswordHash.isHash(password)) {
                try {
                    PasswordHash.validate(password);
                } catch (IllegalArgumentException e) {
                    c.require(false, "basic_auth_credentials", "hash of '" + user + "': " + e.getMessage());
                }
            }
        });
        Map<String, String> users = basicAuthCredentials;
        userRoles.forEach((user, role) -> {
            c.require(users.containsKey(user), "user_roles", "'" + user + "' is not in basic_auth_credentials");
            try {
                Role.parse(role);
            } catch (IllegalArgumentException e) {
                c.require(false, "user_roles", "'" + user + "': " + e.getMessage());
            }
        });
        c.require(!tokenLifetime.isZero() && tokenLifetime.compareTo(JwtCodec.MAX_LIFETIME) <= 0, "token_lifetime",
                "must be positive and at most " + JwtCodec.MAX_LIFETIME.toHours() + "h");
        c.require((sslCertFile == null) == (sslKeyFile == null), "ssl_cert_file",
                "and ssl_key_file must be set together");
        checkRequestTimeout(c, requestTimeout);
        c.require(maxBodySize > 0, "max_body_size", "must be positive");
        c.require(maxAddBodySize > 0, "max_add_body_size", "must be positive");
        c.throwIfAny();
    }

    /** Without roles, CORS, token or TLS settings: their defaults. */
    public RestApiSection(ListenAddress httpListen, Map<String, String> basicAuthCredentials, long maxBodySize,
                          long maxAddBodySize) {
        this(httpListen, basicAuthCredentials, maxBodySize, maxAddBodySize, null, null, null, null, null, null);
    }

    /** A request timeout must be positive and at most {@link #MAX_REQUEST_TIMEOUT} (shared with the gateway). */
    static void checkRequestTimeout(Checks c, Duration timeout) {
        c.require(!timeout.isZero() && timeout.compareTo(MAX_REQUEST_TIMEOUT) <= 0, "request_timeout",
                "must be positive and at most " + MAX_REQUEST_TIMEOUT.toHours() + "h, not "
                        + GoDuration.format(timeout));
    }

    public static RestApiSection defaults() {
        return new RestApiSection(ListenAddress.loopback(9094), Map.of(), 1_000_000, 10_000_000_000L);
    }

    public RestApiSection withHttpListen(ListenAddress listen) {
        return new RestApiSection(listen, basicAuthCredentials, maxBodySize, maxAddBodySize, userRoles,
                corsAllowedOrigins, tokenLifetime, sslCertFile, sslKeyFile, requestTimeout);
    }

    public RestApiSection withBasicAuth(Map<String, String> credentials) {
        return new RestApiSection(httpListen, credentials, maxBodySize, maxAddBodySize, userRoles, corsAllowedOrigins,
                tokenLifetime, sslCertFile, sslKeyFile, requestTimeout);
    }

    /** Users with their roles ({@code reader}, {@code pinner}, {@code admin}). */
    public RestApiSection withUserRoles(Map<String, String> roles) {
        return new RestApiSection(httpListen, basicAuthCredentials, maxBodySize, maxAddBodySize, roles,
                corsAllowedOrigins, tokenLifetime, sslCertFile, sslKeyFile, requestTimeout);
    }

    public RestApiSection withTls(String certFile, String keyFile) {
        return new RestApiSection(httpListen, basicAuthCredentials, maxBodySize, maxAddBodySize, userRoles,
                corsAllowedOrigins, tokenLifetime, certFile, keyFile, requestTimeout);
    }

    public RestApiSection withRequestTimeout(Duration timeout) {
        return new RestApiSection(httpListen, basicAuthCredentials, maxBodySize, maxAddBodySize, userRoles,
                corsAllowedOrigins, tokenLifetime, sslCertFile, sslKeyFile, timeout);
    }

    /** The roles as {@link Role}s (validated by the constructor). */
    public Map<String, Role> roles() {
        Map<String, Role> out = new LinkedHashMap<>();
        userRoles.forEach((user, role) -> out.put(user, Role.parse(role)));
        return out;
    }

    static RestApiSection read(SectionReader r, RestApiSection d) {
        return new RestApiSection(
                r.listen("http_listen", d.httpListen()),
                r.stringMap("basic_auth_credentials", d.basicAuthCredentials()),
                r.size("max_body_size", d.maxBodySize()),
                r.size("max_add_body_size", d.maxAddBodySize()),
                r.stringMap("user_roles", d.userRoles()),
                r.stringList("cors_allowed_origins", d.corsAllowedOrigins()),
                r.duration("token_lifetime", d.tokenLifetime()),
                emptyToNull(r.string("ssl_cert_file", d.sslCertFile())),
                emptyToNull(r.string("ssl_key_file", d.sslKeyFile())),
                r.duration("request_timeout", d.requestTimeout()));
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // Every key, defaults included (a file without one of them reads it as its default).
    void writeTo(ObjectNode o, boolean redact) {
        o.put("http_listen", httpListen.toString());
        ObjectNode creds = o.putObject("basic_auth_credentials");
        basicAuthCredentials.forEach((u, p) -> creds.put(u, redact ? ServiceConfigFile.REDACTED : p));
        o.put("max_body_size", DataSize.format(maxBodySize));
        o.put("max_add_body_size", DataSize.format(maxAddBodySize));
        ObjectNode roles = o.putObject("user_roles");
        userRoles.forEach(roles::put);
        corsAllowedOrigins.forEach(o.putArray("cors_allowed_origins")::add);
        o.put("token_lifetime", GoDuration.format(tokenLifetime));
        o.put("ssl_cert_file", sslCertFile == null ? "" : sslCertFile); // "": plain HTTP
        o.put("ssl_key_file", sslKeyFile == null ? "" : sslKeyFile);
        o.put("request_timeout", GoDuration.format(requestTimeout));
    }

    @Override
    public String toString() {
        return "RestApiSection[http_listen=" + httpListen + ", users=" + basicAuthCredentials.keySet() + ", roles="
                + userRoles + ", tls=" + (sslCertFile != null) + "]";
    }
}
