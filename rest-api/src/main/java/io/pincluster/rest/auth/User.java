package io.pincluster.rest.auth;

import java.util.Objects;

/**
 * A REST user: name, role, and the configured secret (a plaintext password or a {@link PasswordHash}).
 * {@code toString} never shows the secret.
 */
public record User(String name, Role role, String secret) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(secret, "secret");
        if (PasswordHash.isHash(secret)) {
            PasswordHash.validate(secret);
        }
    }

    /** True when {@code password} is this user's password; constant time in the password's content. */
    boolean passwordMatches(String password) {
        if (PasswordHash.isHash(secret)) {
            return PasswordHash.matches(secret, password);
        }
        return java.security.MessageDigest.isEqual(Credentials.sha256(PasswordHash.utf8(secret)),
                Credentials.sha256(PasswordHash.utf8(password)));
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + role.configName() + "]";
    }
}
