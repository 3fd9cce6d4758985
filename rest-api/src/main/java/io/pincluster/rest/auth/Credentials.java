package io.pincluster.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * The configured users. Passwords are compared through their SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither length nor content leaks through timing; an unknown user is
 * checked against a dummy digest so it costs the same.
 */
public final class Credentials {
    private static final byte[] DUMMY_DIGEST = sha256("not a password".getBytes(StandardCharsets.UTF_8));

    private final Map<String, String> passwords;

    public Credentials(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** True when {@code user} exists and {@code password} is its password. */
    public boolean matches(String user, String password) {
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            return false;
        }
        String expected = passwords.get(user);
        byte[] expectedDigest = expected == null ? DUMMY_DIGEST : sha256(expected.getBytes(StandardCharsets.UTF_8));
        boolean equal = MessageDigest.isEqual(expectedDigest, sha256(password.getBytes(StandardCharsets.UTF_8)));
        return expected != null && equal;
    }

    /** The HMAC key of {@code user}'s tokens: the password's bytes. */
    public Optional<byte[]> signingKey(String user) {
        String password = user == null ? null : passwords.get(user);
        return Optional.ofNullable(password).map(p -> p.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + passwords.size() + " user(s)]";
    }
}
