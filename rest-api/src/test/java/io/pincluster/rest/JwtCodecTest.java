package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.rest.auth.Credentials;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.PasswordHash;
import io.pincluster.rest.auth.RevocationList;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.auth.TokenKey;
import io.pincluster.rest.auth.User;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtCodecTest {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    final ManualClock clock = new ManualClock(FakeClusterApi.NOW);
    final Credentials credentials = new Credentials(Map.of("alice", "pa", "bob", "pb"));
    final RevocationList revoked = new RevocationList(null, JwtCodec.MAX_LIFETIME, clock);
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
        assertThat(token).doesNotContain("pa");
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
        revoked.revoke(claims(alices).get("jti").asText(), "alice", false);
        assertThat(jwt.verify(alices)).isEmpty();
        revoked.revoke(bobsJti, "carol", false); // not carol's token: no effect
        assertThat(jwt.verify(bobs)).isPresent();
        revoked.revoke(bobsJti, "alice", true);
        assertThat(jwt.verify(bobs)).isEmpty();
    }

    @Test
    void revocationsSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("revoked.json");
        RevocationList first = new RevocationList(file, JwtCodec.MAX_LIFETIME, clock);
        first.revoke("abc", "alice", false);
        first.revoke("def", "root", true);
        RevocationList again = new RevocationList(file, JwtCodec.MAX_LIFETIME, clock);
        assertThat(again.isRevoked("abc", "alice")).isTrue();
        assertThat(again.isRevoked("abc", "bob")).isFalse();
        assertThat(again.isRevoked("def", "bob")).isTrue();
        assertThat(again.isRevoked("ghi", "alice")).isFalse();
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
}
