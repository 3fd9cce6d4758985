package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.rest.auth.Credentials;
import io.pincluster.rest.auth.JwtCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtCodecTest {
    final Credentials credentials = new Credentials(Map.of("alice", "pa", "bob", "pb"));
    final JwtCodec jwt = new JwtCodec(credentials, RestTestSupport.CLOCK);

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void issuedTokensVerifyAsTheirUser() {
        String token = jwt.issue("alice");
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]))).isEqualTo("{\"iss\":\"alice\"}");
        assertThat(jwt.verify(token)).contains("alice");
    }

    @Test
    void tokensDieWithTheirPassword() {
        String token = jwt.issue("alice");
        JwtCodec changed = new JwtCodec(new Credentials(Map.of("alice", "new")), RestTestSupport.CLOCK);
        assertThat(changed.verify(token)).isEmpty();
        JwtCodec removed = new JwtCodec(new Credentials(Map.of("bob", "pb")), RestTestSupport.CLOCK);
        assertThat(removed.verify(token)).isEmpty();
    }

    @Test
    void rejectsTamperedAndUnsignedTokens() {
        String[] parts = jwt.issue("alice").split("\\.");
        assertThat(jwt.verify(parts[0] + "." + b64("{\"iss\":\"bob\"}") + "." + parts[2])).isEmpty();
        assertThat(jwt.verify(b64("{\"alg\":\"none\"}") + "." + parts[1] + ".")).isEmpty();
        assertThat(jwt.verify(parts[0] + "." + parts[1])).isEmpty();
        assertThat(jwt.verify("a.b.c")).isEmpty();
        assertThat(jwt.verify("")).isEmpty();
    }

    @Test
    void honoursExpiryWhenPresent() {
        // Built with the codec's own rules but an exp claim in the past relative to the fixed clock.
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"alice\",\"exp\":1000}");
        assertThat(jwt.verify(header + "." + claims + "." + sign(header + "." + claims, "pa"))).isEmpty();
        String fresh = b64("{\"iss\":\"alice\",\"exp\":4102444800}");
        assertThat(jwt.verify(header + "." + fresh + "." + sign(header + "." + fresh, "pa"))).contains("alice");
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
