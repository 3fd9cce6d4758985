package io.pincluster.core.token;

/**
 * Revoking REST tokens cluster-wide, and asking whether a token is revoked. Implemented by the consensus (the
 * revocations are a replicated record of the Raft state); the REST API uses it and knows nothing more.
 */
public interface TokenRevocations {
    /**
     * Revokes a token on every peer. Returns once the revocation is committed and applied on this peer, so this
     * peer refuses the token from then on and every other peer as soon as it applies the entry.
     *
     * @throws io.pincluster.core.error.ClusterException {@code NO_QUORUM} when no majority answers in time,
     *                                                   {@code UNAVAILABLE} when the leader cannot record it
     */
    void revoke(TokenRevocation revocation);

    /** Whether the token {@code tokenId} of {@code user} is revoked; answered from this peer's replica. */
    boolean isRevoked(String tokenId, String user);

    /**
     * How many of {@code user}'s own revocations (not an admin's) this peer's replica keeps: each stays until its
     * token's expiry, so the REST API caps them per user, or one user could grow every peer's state without bound.
     */
    int revokedBy(String user);
}
