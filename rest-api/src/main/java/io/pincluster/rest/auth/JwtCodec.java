package io.pincluster.rest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * REST tokens: HS256 JWTs signed with the cluster's {@link TokenKey} (never a user's password: a token would
 * otherwise let its holder guess the password offline). Claims: {@code iss}/{@code sub} = user (ipfs-cluster's
 * clients read {@code iss}), {@code role}, {@code jti}, {@code iat}, {@code exp} (always present), and {@code ufp},
 * a keyed fingerprint of the user's current password and role, so that changing either, or removing the user,
 * voids every token issued before. Only HS256 is accepted; revoked {@code jti}s are refused.
 *
 * <p>A token ID names its token's expiry ({@link #expiryOf}), so a revocation, which names only the ID, can be
 * forgotten cluster-wide once the token has expired (decision 0007): 16 bytes, base64url, of which the first is a
 * marker (1), the next five the expiry in epoch seconds, and the last ten random. IDs of tokens issued before (16
 * random bytes) carry no expiry; their revocations are kept for the longest lifetime a token may have.
 *
 * <p>Tenant tokens (decision 0017) are the same JWTs with {@code scope} = {@value #PSA_SCOPE}: {@code iss}/{@code sub}
 * = the tenant, no {@code role}, and {@code tfp}, a keyed fingerprint of the tenant's name and the creation time of
 * its record, so removing the record (and making one again) voids them. {@link #verify} refuses every token with a
 * {@code scope} (a tenant token is no REST token); {@link #verifyTenant} accepts only those.
 */
public final class JwtCodec {
    /** The {@code scope} claim of a token valid only on the Pinning Service API. */
    public static final String PSA_SCOPE = "psa";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final int ID_BYTES = 16;
    private static final int ID_MARKER = 1;
    private static final int ID_EXPIRY_BYTES = 5;

    /** What a valid token says. */
    public record Verified(User user, String jti, Instant expires) {
    }

    /** What a valid tenant token says. */
    public record TenantToken(String tenant, String jti, Instant expires) {
    }

    /** A tenant token just issued: the token itself (shown once, never logged), its ID and expiry. */
    public record Issued(String token, String jti, Instant expires) {
        @Override
        public String toString() {
            return "Issued[" + jti + ", " + expires + "]";
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Credentials credentials;
    private final byte[] key;
    private final Duration lifetime;
    private final io.pincluster.core.token.TokenRevocations revoked;
    private final Clock clock;

    /**
     * @param key      the signing key ({@link TokenKey})
     * @param lifetime how long issued tokens live, at most {@link #MAX_LIFETIME}
     */
    public JwtCodec(Credentials credentials, byte[] key, Duration lifetime,
                    io.pincluster.core.token.TokenRevocations revoked, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the token key must have at least 32 bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("token lifetime must be positive and at most " + MAX_LIFETIME);
        }
        this.credentials = credentials;
        this.key = key.clone();
        this.lifetime = lifetime;
        this.revoked = revoked;
        this.clock = clock;
    }

    public io.pincluster.core.token.TokenRevocations revocations() {
        return revoked;
    }

    /** A new token for {@code user}. */
    public String issue(User user) {
        long now = clock.instant().getEpochSecond();
        long exp = now + lifetime.toSeconds();
        ObjectNode claims = mapper.createObjectNode()
                .put("iss", user.name())
                .put("sub", user.name())
                .put("role", user.role().configName())
                .put("jti", newTokenId(exp))
                .put("iat", now)
                .put("exp", exp)
                .put("ufp", fingerprint(user));
        String signingInput = b64(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(hmac(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * A token for tenant {@code tenant} valid only on the Pinning Service API, for {@code lifetime} (at most
     * {@link #MAX_LIFETIME}); {@code tenantCreated} is the creation time of the tenant's record.
     */
    public Issued issueTenant(String tenant, Instant tenantCreated, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a token's lifetime must be positive and at most "
                    + MAX_LIFETIME.toDays() + " days");
        }
        long now = clock.instant().getEpochSecond();
        long exp = now + lifetime.toSeconds();
        String jti = newTokenId(exp);
        ObjectNode claims = mapper.createObjectNode()
                .put("iss", tenant)
                .put("sub", tenant)
                .put("scope", PSA_SCOPE)
                .put("jti", jti)
                .put("iat", now)
                .put("exp", exp)
                .put("tfp", tenantFingerprint(tenant, tenantCreated));
        String signingInput = b64(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        return new Issued(signingInput + "." + b64(hmac(key, signingInput.getBytes(StandardCharsets.US_ASCII))), jti,
                Instant.ofEpochSecond(exp));
    }

    /**
     * What a valid tenant token says, or empty for any other token, or one invalid, expired or revoked, or whose
     * tenant record {@code tenantCreated} (name to the record's creation time) no longer finds as it was.
     */
    public Optional<TenantToken> verifyTenant(String token,
                                              java.util.function.Function<String, Optional<Instant>> tenantCreated) {
        Optional<JsonNode> checked = signedClaims(token);
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        JsonNode claims = checked.get();
        String tenant = claims.path("iss").asText("");
        String jti = claims.path("jti").asText("");
        if (!PSA_SCOPE.equals(claims.path("scope").asText()) || tenant.isEmpty() || jti.isEmpty()
                || !timeValid(claims)) {
            return Optional.empty();
        }
        Optional<Instant> created = tenantCreated.apply(tenant);
        if (created.isEmpty() || !MessageDigest.isEqual(
                tenantFingerprint(tenant, created.get()).getBytes(StandardCharsets.US_ASCII),
                claims.path("tfp").asText("").getBytes(StandardCharsets.US_ASCII))
                || revoked.isRevoked(jti, tenant)) {
            return Optional.empty();
        }
        return Optional.of(new TenantToken(tenant, jti, Instant.ofEpochSecond(claims.get("exp").asLong())));
    }

    /** The claims of a token whose HS256 signature is this codec's; nothing else is checked. */
    private Optional<JsonNode> signedClaims(String token) {
        String[] parts = token == null || token.length() > MAX_TOKEN_CHARS ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = hmac(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode header = mapper.readTree(DECODER.decode(parts[0]));
            JsonNode claims = mapper.readTree(DECODER.decode(parts[1]));
            if (header == null || claims == null || !"HS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code token} is one of this cluster's tenant tokens (signed here, {@code scope}
     * {@value #PSA_SCOPE}), valid or not: so an API that takes only user tokens can say why it refuses one.
     */
    public boolean isTenantToken(String token) {
        return signedClaims(token).map(claims -> PSA_SCOPE.equals(claims.path("scope").asText())).orElse(false);
    }

    /** What a valid token says, or empty for any invalid, expired, revoked or outdated token. */
    public Optional<Verified> verify(String token) {
        Optional<JsonNode> checked = signedClaims(token);
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode claims = checked.get();
            if (claims.has("scope")) {
                return Optional.empty(); // a tenant token: valid on the Pinning Service API only
            }
            Optional<User> user = credentials.user(claims.path("iss").asText(""));
            String jti = claims.path("jti").asText("");
            if (user.isEmpty() || jti.isEmpty() || !timeValid(claims)
                    || !MessageDigest.isEqual(fingerprint(user.get()).getBytes(StandardCharsets.US_ASCII),
                            claims.path("ufp").asText("").getBytes(StandardCharsets.US_ASCII))
                    || revoked.isRevoked(jti, user.get().name())) {
                return Optional.empty();
            }
            return Optional.of(new Verified(user.get(), jti, Instant.ofEpochSecond(claims.get("exp").asLong())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A token ID naming {@code exp} (epoch seconds), unique by its random part. */
    private String newTokenId(long exp) {
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        id[0] = ID_MARKER;
        for (int i = 0; i < ID_EXPIRY_BYTES; i++) {
            id[1 + i] = (byte) (exp >>> (8 * (ID_EXPIRY_BYTES - 1 - i)));
        }
        return ENCODER.encodeToString(id);
    }

    /**
     * The expiry a token ID of this codec names; empty for any other string (an ID from before IDs named it). Not
     * authenticated, and need not be: an ID with another expiry is another token's ID.
     */
    public static Optional<Instant> expiryOf(String tokenId) {
        byte[] id;
        try {
            id = tokenId == null ? new byte[0] : DECODER.decode(tokenId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (id.length != ID_BYTES || id[0] != ID_MARKER) {
            return Optional.empty();
        }
        long exp = 0;
        for (int i = 0; i < ID_EXPIRY_BYTES; i++) {
            exp = exp << 8 | (id[1 + i] & 0xff);
        }
        return Optional.of(Instant.ofEpochSecond(exp));
    }

    /**
     * What revoking the token {@code tokenId} by {@code by} records: for any owner when {@code by} is an admin, else
     * only for {@code by}'s own token; kept until the expiry the ID names, or, for an ID that names none, for the
     * longest lifetime a token may have. Empty when the ID names an expiry already past: that token is refused
     * anyway.
     *
     * @throws IllegalArgumentException {@code tokenId} is not a token ID
     */
    public Optional<io.pincluster.core.token.TokenRevocation> revocation(String tokenId, User by) {
        Instant now = clock.instant();
        Instant longest = now.plus(MAX_LIFETIME);
        Instant expires = expiryOf(tokenId).map(e -> e.isAfter(longest) ? longest : e).orElse(longest);
        if (!expires.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new io.pincluster.core.token.TokenRevocation(tokenId,
                by.role() == Role.ADMIN ? null : by.name(), expires));
    }

    private boolean timeValid(JsonNode claims) {
        long now = clock.instant().getEpochSecond();
        if (!claims.path("exp").canConvertToLong() || claims.get("exp").asLong() <= now) {
            return false;
        }
        return !claims.has("nbf") || claims.get("nbf").asLong() <= now;
    }

    // Keyed, so the token shows nothing about the password; changes whenever the password or role does.
    private String fingerprint(User user) {
        String input = "ufp\0" + user.name() + "\0" + user.role().configName() + "\0" + user.secret();
        byte[] mac = hmac(key, input.getBytes(StandardCharsets.UTF_8));
        return ENCODER.encodeToString(java.util.Arrays.copyOf(mac, 16));
    }

    // Keyed, so it shows nothing; changes when the tenant's record is removed and made again.
    private String tenantFingerprint(String tenant, Instant created) {
        String input = "tfp\0" + tenant + "\0" + created.toEpochMilli();
        byte[] mac = hmac(key, input.getBytes(StandardCharsets.UTF_8));
        return ENCODER.encodeToString(java.util.Arrays.copyOf(mac, 16));
    }

    private static String b64(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static byte[] hmac(byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
