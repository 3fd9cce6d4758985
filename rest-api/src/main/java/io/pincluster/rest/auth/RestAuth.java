package io.pincluster.rest.auth;

import io.pincluster.core.token.TokenRevocations;
import io.pincluster.rest.RestConfig;
import io.pincluster.rest.RestSecurity;
import java.time.Clock;

/**
 * The authentication of one peer's HTTP endpoints, built once from the REST configuration and shared by the REST
 * API and the metrics endpoint: the same users, tokens, revocations and failed-login buckets.
 */
public record RestAuth(Credentials credentials, JwtCodec jwt, AuthDecorator decorator) {
    /**
     * The authentication {@code config} asks for, or null when it configures no users (everything open); revocations
     * are kept in memory, for this server only ({@link LocalRevocations}).
     */
    public static RestAuth of(RestConfig config, Clock clock) {
        return of(config, clock, new LocalRevocations(clock));
    }

    /** As above, with the cluster's revocations: a token revoked on any peer is refused here too. */
    public static RestAuth of(RestConfig config, Clock clock, TokenRevocations revocations) {
        if (config.basicAuthCredentials() == null) {
            return null;
        }
        RestSecurity s = config.security();
        Credentials credentials = new Credentials(config.basicAuthCredentials(), s.roles());
        JwtCodec jwt = new JwtCodec(credentials, s.tokenKey() != null ? s.tokenKey() : TokenKey.random(),
                s.tokenLifetime(), revocations, clock);
        LoginThrottle throttle = new LoginThrottle(s.loginBurst(), s.loginRefill(), clock);
        return new RestAuth(credentials, jwt, new AuthDecorator(credentials, jwt, throttle));
    }
}
