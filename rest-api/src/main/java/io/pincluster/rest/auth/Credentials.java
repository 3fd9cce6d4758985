package io.pincluster.rest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured users. Passwords are compared in constant time (plaintext ones through their SHA-256 digests,
 * hashed ones through PBKDF2); an unknown user is checked against a dummy so it costs about the same.
 * A password hash costs a few hundred milliseconds by design, and Basic clients send the password on every
 * request: a successful check is remembered for a few minutes under a keyed digest of user and password (never
 * the password itself), so only the first request of a client pays for it.
 */
public final class Credentials {
    private static final byte[] DUMMY_DIGEST = sha256("not a password".getBytes(StandardCharsets.UTF_8));
    private static final Duration REMEMBER_SUCCESS = Duration.ofMinutes(5);

    private final Map<String, User> users;
    private final byte[] cacheKey = new byte[32];
    /**
     * One keyed HMAC per thread: every request computes a remember-key (twice: is it costly, then who is it), and a
     * provider lookup and key set-up per call showed in the REST threads' profile.
     */
    private final ThreadLocal<Mac> rememberMac = ThreadLocal.withInitial(this::newRememberMac);
    private final Cache<String, User> recentSuccesses = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(REMEMBER_SUCCESS).build();

    /** Users of ipfs-cluster's {@code basic_auth_credentials} (user → password): all admins. */
    public Credentials(Map<String, String> passwords) {
        this(passwords, Map.of());
    }

    /**
     * @param secrets user → plaintext password or {@link PasswordHash}
     * @param roles   user → role; users missing here are {@link Role#ADMIN}
     */
    public Credentials(Map<String, String> secrets, Map<String, Role> roles) {
        Map<String, User> all = new LinkedHashMap<>();
        secrets.forEach((name, secret) -> all.put(name, new User(name, roles.getOrDefault(name, Role.ADMIN), secret)));
        roles.keySet().stream().filter(name -> !all.containsKey(name)).findAny().ifPresent(name -> {
            throw new IllegalArgumentException("a role is given to '" + name + "', who has no password");
        });
        this.users = Map.copyOf(all);
        new SecureRandom().nextBytes(cacheKey);
    }

    /** True when {@code user} exists and {@code password} is its password. */
    public boolean matches(String user, String password) {
        return authenticate(user, password).isPresent();
    }

    /** The user when {@code password} is theirs; empty for an unknown user or a wrong password. */
    public Optional<User> authenticate(String user, String password) {
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        User known = users.get(user);
        String remembered = rememberKey(user, password);
        User cached = recentSuccesses.getIfPresent(remembered);
        if (cached != null && cached.equals(known)) {
            return Optional.of(known);
        }
        if (known == null) {
            MessageDigest.isEqual(DUMMY_DIGEST, sha256(password.getBytes(StandardCharsets.UTF_8)));
            return Optional.empty();
        }
        if (!known.passwordMatches(password)) {
            return Optional.empty();
        }
        recentSuccesses.put(remembered, known);
        return Optional.of(known);
    }

    /** True when checking this password means hashing it (a hashed user's password not checked lately). */
    public boolean isCostly(String user, String password) {
        User known = user == null || password == null ? null : users.get(user);
        return known != null && PasswordHash.isHash(known.secret())
                && !known.equals(recentSuccesses.getIfPresent(rememberKey(user, password)));
    }

    /** The user named {@code name}, if configured. */
    public Optional<User> user(String name) {
        return Optional.ofNullable(name == null ? null : users.get(name));
    }

    public Collection<User> users() {
        return users.values();
    }

    private String rememberKey(String user, String password) {
        Mac mac = rememberMac.get(); // doFinal leaves it ready for the next key
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return java.util.HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newRememberMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
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
        return "Credentials[" + users.size() + " user(s)]";
    }
}
