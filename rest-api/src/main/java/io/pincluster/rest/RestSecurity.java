package io.pincluster.rest;

import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.LoginThrottle;
import io.pincluster.rest.auth.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The REST API's security settings beyond ipfs-cluster's {@code basic_auth_credentials}.
 *
 * @param roles          user → role; users without one are admins (ipfs-cluster compatibility)
 * @param tokenKey       the key tokens are signed with ({@code TokenKey.fromClusterSecret}); null = a random key
 *                       per start (tokens then work on this server only, until it stops)
 * @param tokenLifetime  how long issued tokens live (12 h by default, at most {@link JwtCodec#MAX_LIFETIME})
 * @param sslCertFile    PEM certificate chain: with {@code sslKeyFile}, serve HTTPS instead of HTTP
 * @param sslKeyFile     PEM (PKCS#8) private key of {@code sslCertFile}
 * @param loginBurst     failed logins an address may make in a row before it gets 429
 * @param loginRefill    one more failed login is allowed after this long
 */
public record RestSecurity(Map<String, Role> roles, byte[] tokenKey, Duration tokenLifetime, Path sslCertFile,
                           Path sslKeyFile, int loginBurst, Duration loginRefill) {
    public RestSecurity {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        tokenKey = tokenKey == null ? null : tokenKey.clone();
        tokenLifetime = tokenLifetime == null ? JwtCodec.DEFAULT_LIFETIME : tokenLifetime;
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(JwtCodec.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("restapi token lifetime must be positive and at most "
                    + JwtCodec.MAX_LIFETIME.toDays() + " days");
        }
        if ((sslCertFile == null) != (sslKeyFile == null)) {
            throw new IllegalArgumentException("restapi ssl_cert_file and ssl_key_file go together");
        }
        loginRefill = loginRefill == null ? LoginThrottle.DEFAULT_REFILL : loginRefill;
        if (loginBurst < 1) {
            throw new IllegalArgumentException("restapi failed-login burst must be at least 1");
        }
    }

    public static RestSecurity defaults() {
        return new RestSecurity(Map.of(), null, null, null, null, LoginThrottle.DEFAULT_BURST, null);
    }

    public RestSecurity withRoles(Map<String, Role> newRoles) {
        return new RestSecurity(newRoles, tokenKey, tokenLifetime, sslCertFile, sslKeyFile,
                loginBurst, loginRefill);
    }

    /** Revocations are not configured here: the cluster replicates them (decision 0007). */
    public RestSecurity withTokens(byte[] key, Duration lifetime) {
        return new RestSecurity(roles, key, lifetime, sslCertFile, sslKeyFile, loginBurst, loginRefill);
    }

    public RestSecurity withTls(Path certFile, Path keyFile) {
        return new RestSecurity(roles, tokenKey, tokenLifetime, certFile, keyFile, loginBurst,
                loginRefill);
    }

    public RestSecurity withLoginLimit(int burst, Duration refill) {
        return new RestSecurity(roles, tokenKey, tokenLifetime, sslCertFile, sslKeyFile, burst,
                refill);
    }

    public boolean tls() {
        return sslCertFile != null;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "RestSecurity[roles=" + roles + ", tokenLifetime=" + tokenLifetime + ", tls=" + tls() + "]";
    }
}
