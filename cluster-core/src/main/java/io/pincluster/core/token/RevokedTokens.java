package io.pincluster.core.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicated table of revoked tokens. Like the peer directory it is changed only in log order (the Raft apply
 * thread, or one writer for a server without a cluster), so every peer holds the same table; any thread may read
 * it. Keyed by token ID and owner: an admin's revocation (any owner) and users' own revocations of the same ID are
 * separate records. Revocations are {@linkplain #forgetExpired forgotten} once their token has expired.
 */
public final class RevokedTokens {
    private record Key(String tokenId, String owner) {
    }

    private final Map<Key, TokenRevocation> records = new ConcurrentHashMap<>();

    /** Adds (or replaces) a revocation; single writer only. */
    public void put(TokenRevocation revocation) {
        records.put(new Key(revocation.tokenId(), revocation.owner()), revocation);
    }

    /**
     * Drops every revocation whose token expired at or before {@code now}; single writer only. Deterministic when
     * {@code now} comes from the log, so every replica forgets the same records at the same entry.
     *
     * @return how many were dropped
     */
    public int forgetExpired(Instant now) {
        int before = records.size();
        records.values().removeIf(r -> !r.expiresAt().isAfter(now));
        return before - records.size();
    }

    /** Replaces every record (snapshot load or install; single writer only). */
    public void replaceAll(Collection<TokenRevocation> all) {
        records.clear();
        all.forEach(this::put);
    }

    public boolean isRevoked(String tokenId, String user) {
        return records.containsKey(new Key(tokenId, null)) || user != null
                && records.containsKey(new Key(tokenId, user));
    }

    public int size() {
        return records.size();
    }

    /** How many revocations {@code owner} made that are still kept (a scan: revocations are few). */
    public int ownedBy(String owner) {
        int n = 0;
        for (Key k : records.keySet()) {
            if (owner.equals(k.owner())) {
                n++;
            }
        }
        return n;
    }

    /** Every record, ordered by token ID then owner (any owner first): a stable order for snapshots. */
    public List<TokenRevocation> all() {
        List<TokenRevocation> out = new ArrayList<>(records.values());
        out.sort(Comparator.comparing(TokenRevocation::tokenId)
                .thenComparing(TokenRevocation::owner, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }
}
