package io.pincluster.rest.auth;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.token.RevokedTokens;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.core.token.TokenRevocations;
import java.time.Clock;

/**
 * Revocations of a REST server that is not part of a cluster (tests, a server on its own): kept in memory, in
 * force at once, gone when the server stops. A cluster peer uses its consensus instead, which replicates them.
 */
public final class LocalRevocations implements TokenRevocations {
    private static final int MAX_ENTRIES = 100_000;

    private final RevokedTokens revoked = new RevokedTokens();
    private final Clock clock;

    public LocalRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void revoke(TokenRevocation revocation) {
        revoked.forgetExpired(clock.instant());
        if (revoked.size() >= MAX_ENTRIES) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "too many revoked tokens");
        }
        revoked.put(revocation);
    }

    @Override
    public boolean isRevoked(String tokenId, String user) {
        return revoked.isRevoked(tokenId, user);
    }

    @Override
    public synchronized int revokedBy(String user) {
        revoked.forgetExpired(clock.instant());
        return revoked.ownedBy(user);
    }
}
