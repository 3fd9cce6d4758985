package io.pincluster.rest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWTs ipfs-cluster issues: HS256, registered claims only, {@code iss} = user name, signed with that
 * user's password. Only HS256 is accepted (never {@code none}); {@code exp}/{@code nbf} are honoured when present.
 */
public final class JwtCodec {
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] DUMMY_KEY = "no such user".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Credentials credentials;
    private final Clock clock;

    public JwtCodec(Credentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A token for {@code user}, who must exist. */
    public String issue(String user) {
        byte[] key = credentials.signingKey(user)
                .orElseThrow(() -> new IllegalArgumentException("cannot issue a token for an unknown user"));
        String payload = mapper.createObjectNode().put("iss", user).toString();
        String signingInput = b64(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(payload.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(hmac(key, signingInput));
    }

    /** The user a valid token was issued to, or empty for any invalid token. */
    public Optional<String> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = mapper.readTree(DECODER.decode(parts[0]));
            JsonNode claims = mapper.readTree(DECODER.decode(parts[1]));
            byte[] signature = DECODER.decode(parts[2]);
            if (header == null || claims == null || !"HS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            String user = claims.path("iss").asText("");
            Optional<byte[]> key = credentials.signingKey(user);
            byte[] expected = hmac(key.orElse(DUMMY_KEY), parts[0] + "." + parts[1]);
            boolean valid = MessageDigest.isEqual(expected, signature);
            if (!valid || key.isEmpty() || !timeValid(claims)) {
                return Optional.empty();
            }
            return Optional.of(user);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private boolean timeValid(JsonNode claims) {
        long now = clock.instant().getEpochSecond();
        if (claims.has("exp") && claims.get("exp").asLong() <= now) {
            return false;
        }
        return !claims.has("nbf") || claims.get("nbf").asLong() <= now;
    }

    private static String b64(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
