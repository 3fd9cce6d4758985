package io.pincluster.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key REST tokens are signed with. Derived from the cluster secret with HKDF-SHA256 (RFC 5869) under its own
 * label, so every peer of a cluster accepts the tokens of every other (a load balancer may send a client anywhere)
 * while the secret itself is never used as a MAC key, and a token reveals nothing about it.
 */
public final class TokenKey {
    public static final String LABEL = "pincluster/rest-token/v1";
    private static final int KEY_BYTES = 32;

    private TokenKey() {
    }

    /** The token key of the cluster whose secret is {@code secretHex} (64 hex characters). */
    public static byte[] fromClusterSecret(String secretHex) {
        return hkdfSha256(HexFormat.of().parseHex(secretHex), LABEL.getBytes(StandardCharsets.UTF_8));
    }

    /** A random key: tokens then only work on this server, and only until it stops (tests, no cluster secret). */
    public static byte[] random() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    // RFC 5869 with an all-zero salt; one block of output is all a 32-byte key needs.
    static byte[] hkdfSha256(byte[] inputKey, byte[] info) {
        byte[] prk = hmac(new byte[KEY_BYTES], inputKey);
        byte[] t1Input = new byte[info.length + 1];
        System.arraycopy(info, 0, t1Input, 0, info.length);
        t1Input[info.length] = 1;
        return hmac(prk, t1Input);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
