package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.rest.auth.Credentials;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.PasswordHash;
import io.pincluster.rest.auth.LocalRevocations;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.auth.TokenKey;
import io.pincluster.rest.auth.User;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.testkit.ManualClock;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtCodecTest {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    final ManualClock clock = new ManualClock(FakeClusterApi.NOW);
    final Credentials credentials = new Credentials(Map.of("alice", "pa", "bob", "pb"));
    final LocalRevocations revoked = new LocalRevocations(clock);
    final JwtCodec jwt = codec(credentials, SECRET);

    JwtCodec codec(Credentials users, String secret) {
        return new JwtCodec(users, TokenKey.fromClusterSecret(secret), JwtCodec.DEFAULT_LIFETIME, revoked, clock);
    }

    User user(String name) {
        return credentials.user(name).orElseThrow();
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode claims(String token) {
        return RestTestSupport.json(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    @Test
    void issuedTokensVerifyAsTheirUser() {
        String token = jwt.issue(user("alice"));
        assertThat(token.split("\\.")).hasSize(3);
        JsonNode claims = claims(token);
        assertThat(claims.get("iss").asText()).isEqualTo("alice");
        assertThat(claims.get("role").asText()).isEqualTo("admin");
        assertThat(claims.get("jti").asText()).matches("[A-Za-z0-9_-]{22}");
        assertThat(claims.get("exp").asLong()).isEqualTo(FakeClusterApi.NOW.getEpochSecond() + 12 * 3600);
        // Nothing but these claims, and no password among them: the user fingerprint stands for it. (A substring
        // check on the token is not one: its random jti is base64 and holds any two letters now and then.)
        assertThat(claims.fieldNames()).toIterable().containsExactlyInAnyOrder("iss", "sub", "role", "jti", "iat",
                "exp", "ufp");
        assertThat(claims.get("ufp").asText()).matches("[A-Za-z0-9_-]{22}");
        claims.fields().forEachRemaining(claim -> assertThat(claim.getValue().asText()).as(claim.getKey())
                .isNotEqualTo("pa"));
        assertThat(jwt.verify(token).orElseThrow().user().name()).isEqualTo("alice");
        assertThat(jwt.issue(user("alice"))).isNotEqualTo(token);
    }

    @Test
    void tokensDieWithTheirPasswordTheirRoleAndTheirUser() {
        String token = jwt.issue(user("alice"));
        assertThat(codec(new Credentials(Map.of("alice", "new")), SECRET).verify(token)).isEmpty();
        assertThat(codec(new Credentials(Map.of("bob", "pb")), SECRET).verify(token)).isEmpty();
        assertThat(codec(new Credentials(Map.of("alice", "pa"), Map.of("alice", Role.READER)), SECRET).verify(token))
                .isEmpty();
        // Same users and secret: another peer of the cluster accepts it.
        assertThat(codec(new Credentials(Map.of("alice", "pa", "bob", "pb")), SECRET).verify(token)).isPresent();
        assertThat(codec(credentials, SECRET.replace('0', '1')).verify(token)).isEmpty();
    }

    @Test
    void rejectsTamperedAndUnsignedTokens() {
        String[] parts = jwt.issue(user("alice")).split("\\.");
        assertThat(jwt.verify(parts[0] + "." + b64("{\"iss\":\"bob\"}") + "." + parts[2])).isEmpty();
        assertThat(jwt.verify(b64("{\"alg\":\"none\"}") + "." + parts[1] + ".")).isEmpty();
        assertThat(jwt.verify(parts[0] + "." + parts[1])).isEmpty();
        assertThat(jwt.verify("a.b.c")).isEmpty();
        assertThat(jwt.verify("")).isEmpty();
    }

    @Test
    void expiresAndRefusesPasswordSignedTokens() {
        String token = jwt.issue(user("alice"));
        clock.advance(JwtCodec.DEFAULT_LIFETIME.minusSeconds(1));
        assertThat(jwt.verify(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(jwt.verify(token)).isEmpty();
        // ipfs-cluster's tokens: signed with the password, no exp. Never accepted again.
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String old = b64("{\"iss\":\"alice\"}");
        assertThat(jwt.verify(header + "." + old + "." + sign(header + "." + old, "pa"))).isEmpty();
        String fresh = b64("{\"iss\":\"alice\",\"exp\":4102444800}");
        assertThat(jwt.verify(header + "." + fresh + "." + sign(header + "." + fresh, "pa"))).isEmpty();
    }

    @Test
    void revocationsByAnAdminOrTheOwnerOnly() {
        String alices = jwt.issue(user("alice"));
        String bobs = jwt.issue(user("bob"));
        String bobsJti = claims(bobs).get("jti").asText();
        revoked.revoke(jwt.revocation(claims(alices).get("jti").asText(), user("alice")).orElseThrow());
        assertThat(jwt.verify(alices)).isEmpty();
        User carol = new User("carol", Role.PINNER, "pc");
        revoked.revoke(jwt.revocation(bobsJti, carol).orElseThrow()); // not carol's token: no effect
        assertThat(jwt.verify(bobs)).isPresent();
        revoked.revoke(jwt.revocation(bobsJti, user("alice")).orElseThrow()); // alice is an admin
        assertThat(jwt.verify(bobs)).isEmpty();
    }

    /** Bob as a pinner: his revocations void only his own tokens (every user of {@link #credentials} is an admin). */
    static final User PINNER_BOB = new User("bob", Role.PINNER, "pb");

    /** A revocation names only the token ID; the ID names the expiry, so the revocation can go when the token does. */
    @Test
    void aTokenIdNamesItsExpiryAndItsRevocationLastsUntilThen() {
        String token = jwt.issue(user("bob"));
        String jti = claims(token).get("jti").asText();
        Instant exp = Instant.ofEpochSecond(claims(token).get("exp").asLong());
        assertThat(JwtCodec.expiryOf(jti)).contains(exp);
        TokenRevocation bobs = jwt.revocation(jti, PINNER_BOB).orElseThrow();
        assertThat(bobs.expiresAt()).isEqualTo(exp);
        assertThat(bobs.owner()).isEqualTo("bob");
        assertThat(jwt.revocation(jti, user("alice")).orElseThrow().anyOwner()).as("alice is an admin").isTrue();

        // an ID from before IDs named their expiry (16 random bytes): kept for the longest lifetime a token has
        String legacy = "AAECAwQFBgcICQoLDA0ODw";
        assertThat(JwtCodec.expiryOf(legacy)).isEmpty();
        assertThat(jwt.revocation(legacy, user("alice")).orElseThrow().expiresAt())
                .isEqualTo(FakeClusterApi.NOW.plus(JwtCodec.MAX_LIFETIME));
        // an ID naming an expiry beyond any token's is no token of ours: held no longer than the longest lifetime
        String farFuture = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, (byte) 0xff, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(JwtCodec.expiryOf(farFuture)).isPresent();
        assertThat(jwt.revocation(farFuture, user("alice")).orElseThrow().expiresAt())
                .isEqualTo(FakeClusterApi.NOW.plus(JwtCodec.MAX_LIFETIME));

        clock.advance(JwtCodec.DEFAULT_LIFETIME);
        assertThat(jwt.revocation(jti, PINNER_BOB)).as("an expired token needs no revocation").isEmpty();
        assertThat(JwtCodec.expiryOf("not base64 !")).isEmpty();
    }

    @Test
    void localRevocationsForgetTokensThatHaveExpired() {
        String token = jwt.issue(user("bob"));
        String jti = claims(token).get("jti").asText();
        revoked.revoke(jwt.revocation(jti, PINNER_BOB).orElseThrow());
        assertThat(revoked.isRevoked(jti, "bob")).isTrue();
        assertThat(revoked.isRevoked(jti, "alice")).isFalse();
        clock.advance(JwtCodec.DEFAULT_LIFETIME);
        revoked.revoke(new TokenRevocation("another", null, clock.instant().plusSeconds(60)));
        assertThat(revoked.isRevoked(jti, "bob")).as("forgotten once the token expired").isFalse();
        assertThat(revoked.isRevoked("another", "anyone")).isTrue();
    }

    @Test
    void credentialsCompareWholePasswords() {
        assertThat(credentials.matches("alice", "pa")).isTrue();
        assertThat(credentials.matches("alice", "p")).isFalse();
        assertThat(credentials.matches("alice", "pab")).isFalse();
        assertThat(credentials.matches("carol", "pa")).isFalse();
        assertThat(credentials.matches("", "")).isFalse();
        assertThat(credentials.toString()).doesNotContain("pa");
    }

    @Test
    void hashedPasswordsMatchOnlyTheirPassword() {
        String hash = PasswordHash.hash("correct horse", 1_000);
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
        Credentials hashed = new Credentials(Map.of("carol", hash), Map.of("carol", Role.PINNER));
        assertThat(hashed.authenticate("carol", "correct horse").orElseThrow().role()).isEqualTo(Role.PINNER);
        assertThat(hashed.matches("carol", "correct horse")).isTrue(); // remembered: same answer
        assertThat(hashed.matches("carol", "wrong horse")).isFalse();
        assertThat(hashed.matches("carol", hash)).isFalse();
        assertThat(PasswordHash.hash("correct horse", 1_000)).isNotEqualTo(hash); // salted
    }

    static String sign(String input, String key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tenant tokens (decision 0017): valid only where asked for, bound to the tenant record, expiring, revocable. */
    @Test
    void tenantTokensAreAcceptedOnlyByVerifyTenantAndOnlyForTheRecordTheyWereIssuedFor() {
        Instant created = Instant.parse("2026-12-01T00:00:00.123Z");
        java.util.function.Function<String, java.util.Optional<Instant>> records =
                name -> name.equals("acme") ? java.util.Optional.of(created) : java.util.Optional.empty();
        JwtCodec.Issued issued = jwt.issueTenant("acme", created, Duration.ofHours(1));
        assertThat(issued.toString()).doesNotContain(issued.token());
        JsonNode claims = claims(issued.token());
        assertThat(claims.get("scope").asText()).isEqualTo("psa");
        assertThat(claims.has("role")).isFalse();
        assertThat(issued.expires()).isEqualTo(FakeClusterApi.NOW.plusSeconds(3600));

        assertThat(jwt.verifyTenant(issued.token(), records)).hasValueSatisfying(t -> {
            assertThat(t.tenant()).isEqualTo("acme");
            assertThat(t.jti()).isEqualTo(issued.jti());
        });
        assertThat(jwt.verify(issued.token())).as("not a REST token").isEmpty();
        assertThat(jwt.verifyTenant(jwt.issue(user("alice")), records)).as("a REST token is no tenant token")
                .isEmpty();
        assertThat(jwt.verifyTenant(issued.token(), name -> java.util.Optional.of(created.plusMillis(1))))
                .as("a record made again").isEmpty();
        assertThat(jwt.verifyTenant(issued.token(), name -> java.util.Optional.empty())).as("no record").isEmpty();
        assertThat(codec(credentials, SECRET.replace('0', '1')).verifyTenant(issued.token(), records))
                .as("another cluster's key").isEmpty();
        String[] parts = issued.token().split("\\.");
        String forged = parts[0] + "." + b64(claims.toString().replace("acme", "acmf")) + "." + parts[2];
        assertThat(jwt.verifyTenant(forged, name -> java.util.Optional.of(created))).isEmpty();

        revoked.revoke(TokenRevocation.ofAnyOwner(issued.jti(), issued.expires()));
        assertThat(jwt.verifyTenant(issued.token(), records)).as("revoked").isEmpty();
        JwtCodec.Issued other = jwt.issueTenant("acme", created, Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        assertThat(jwt.verifyTenant(other.token(), records)).as("expired").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jwt.issueTenant("acme", created,
                JwtCodec.MAX_LIFETIME.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
