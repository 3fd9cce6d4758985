package io.pincluster.rest.auth;

import io.pincluster.rest.RestConfig;
import io.pincluster.rest.RestSecurity;
import java.time.Clock;

/**
 * The authentication of one peer's HTTP endpoints, built once from the REST configuration and shared by the REST
 * API and the metrics endpoint: the same users, tokens, revocations and failed-login buckets.
 */
public record RestAuth(Credentials credentials, JwtCodec jwt, AuthDecorator decorator) {
    /** The authentication {@code config} asks for, or null when it configures no users (everything open). */
    public static RestAuth of(RestConfig config, Clock clock) {
        if (config.basicAuthCredentials() == null) {
            return null;
        }
        RestSecurity s = config.security();
        Credentials credentials = new Credentials(config.basicAuthCredentials(), s.roles());
        RevocationList revoked = new RevocationList(s.revocationFile(), JwtCodec.MAX_LIFETIME, clock);
        JwtCodec jwt = new JwtCodec(credentials, s.tokenKey() != null ? s.tokenKey() : TokenKey.random(),
                s.tokenLifetime(), revoked, clock);
        LoginThrottle throttle = new LoginThrottle(s.loginBurst(), s.loginRefill(), clock);
        return new RestAuth(credentials, jwt, new AuthDecorator(credentials, jwt, throttle));
    }
}
