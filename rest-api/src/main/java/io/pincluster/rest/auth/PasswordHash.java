package io.pincluster.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Stored passwords: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in unpadded base64url), made
 * with the JDK's PBKDF2WithHmacSHA256. A configured value without this prefix is a plaintext password (ipfs-cluster's
 * {@code basic_auth_credentials}); both are compared in constant time.
 */
public final class PasswordHash {
    public static final String PREFIX = "pbkdf2-sha256$";
    /** OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a random salt. */
    public static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** As {@link #hash(String)} with {@code iterations} (tests use few, to stay fast). */
    public static String hash(String password, int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return PREFIX + iterations + "$" + ENCODER.encodeToString(salt) + "$"
                + ENCODER.encodeToString(pbkdf2(password, salt, iterations, HASH_BYTES));
    }

    /** True when {@code stored} looks like a hash made here, not a plaintext password. */
    public static boolean isHash(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Checks the format of a stored hash; throws {@link IllegalArgumentException} naming what is wrong. */
    public static void validate(String stored) {
        parse(stored);
    }

    /** True when {@code password} is the one {@code stored} was made from. */
    public static boolean matches(String stored, String password) {
        Parsed p = parse(stored);
        return MessageDigest.isEqual(p.hash, pbkdf2(password, p.salt, p.iterations, p.hash.length));
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        String[] parts = stored == null || !isHash(stored) ? new String[0]
                : stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a password hash is " + PREFIX + "<iterations>$<salt>$<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            checkIterations(iterations);
            byte[] salt = DECODER.decode(parts[1]);
            byte[] hash = DECODER.decode(parts[2]);
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("password hash salt or hash too short");
            }
            return new Parsed(iterations, salt, hash);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iterations are not a number", e);
        }
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("password hash iterations must be between " + MIN_ITERATIONS
                    + " and " + MAX_ITERATIONS);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
