package io.pincluster.core.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One revoked REST token. A revocation by an admin voids the token whoever owns it ({@code owner} null); one by
 * another user voids it only if it is theirs (the server does not need to know who owns which token ID). It is kept
 * until {@code expiresAt}, the token's own expiry: after that the token is refused anyway.
 *
 * @param tokenId   the token's {@code jti}
 * @param owner     the user whose token it is, or null for a revocation that voids the token of any user
 * @param expiresAt when the revoked token expires by itself, so the revocation may be forgotten
 */
public record TokenRevocation(String tokenId, String owner, Instant expiresAt) {
    /** The token IDs this cluster issues, and nothing longer. */
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** User names in the configuration are short; anything longer is no user's. */
    public static final int MAX_OWNER_BYTES = 255;

    public TokenRevocation {
        if (!validTokenId(tokenId)) {
            throw new IllegalArgumentException("not a token ID");
        }
        if (owner != null && (owner.isEmpty() || owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES)) {
            throw new IllegalArgumentException("a token owner must have 1 to " + MAX_OWNER_BYTES + " bytes");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when {@code tokenId} looks like a token ID this cluster issues. */
    public static boolean validTokenId(String tokenId) {
        return tokenId != null && TOKEN_ID.matcher(tokenId).matches();
    }

    /** A revocation that voids the token of any user (an admin's). */
    public static TokenRevocation ofAnyOwner(String tokenId, Instant expiresAt) {
        return new TokenRevocation(tokenId, null, expiresAt);
    }

    public boolean anyOwner() {
        return owner == null;
    }

    /** Whether this revocation voids the token {@code tokenId} of {@code user}. */
    public boolean voids(String tokenId, String user) {
        return this.tokenId.equals(tokenId) && (owner == null || owner.equals(user));
    }
}
