package io.pincluster.core.psa;

/**
 * Changing the Pinning Service API's pin requests cluster-wide, and reading this peer's replica of them.
 * Implemented by the consensus (the requests are a replicated record of the Raft state); the Pinning Service API
 * uses it and knows nothing of Raft.
 */
public interface PsaRecords {
    /**
     * Records {@code pin} (its {@code created} is left null: the leader sets it) on every peer, removing
     * {@code replaces} in the same step when not null. Returns once committed and applied on this peer, with the
     * creation time the leader gave it.
     *
     * @param maxPinsPerOwner the most requests {@code pin}'s owner may hold (0: no limit); the leader refuses one
     *                        more with {@link PsaQuotaExceededException}
     * @throws io.pincluster.core.error.ClusterException {@code NO_QUORUM} or {@code UNAVAILABLE} when it could not be
     *                                                   recorded
     */
    PsaPin put(PsaPin pin, String replaces, int maxPinsPerOwner);

    /** Removes the request {@code requestId} on every peer; returns once applied here. */
    void remove(String requestId);

    /** This peer's replica, for reading. */
    PsaTable table();

    /** How a tenant record change treats an existing record (checked by the leader, so two admins cannot race). */
    enum TenantWrite {
        /** Only a new name: an existing record is refused (409). */
        CREATE,
        /** Only an existing name: a missing record is refused (404); its creation time is kept. */
        UPDATE
    }

    /**
     * Records {@code tenant} on every peer ({@code created} is left null: the leader sets it, or keeps the existing
     * record's). Returns the record as committed and applied here.
     *
     * @throws TenantRefusedException the record exists (CREATE) or does not (UPDATE)
     */
    Tenant putTenant(Tenant tenant, TenantWrite mode);

    /** Removes the record of tenant {@code name} on every peer (its pin requests stay); returns once applied here. */
    void removeTenant(String name);
}
