package io.pincluster.rpc;

import io.pincluster.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves and checks that a call comes from a peer that knows the cluster secret: the caller sends its peer ID, the
 * time in epoch milliseconds and {@code HMAC-SHA256(secret, peerId|millis|method)}. The receiver recomputes the MAC,
 * compares in constant time and refuses timestamps outside the freshness window, so a captured header is useless
 * for another method and soon for any call. (Without TLS a replay inside the window stays possible.)
 * The secret is never exposed or printed.
 */
public final class CallAuthenticator {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration window;

    public CallAuthenticator(byte[] secret, Clock clock, Duration window) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the cluster secret must be at least 16 bytes");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the freshness window must be positive");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = clock;
        this.window = window;
    }

    /** From the cluster secret as written in service.json (hex), with a 60 s window on the system clock. */
    public static CallAuthenticator fromHexSecret(String hexSecret) {
        return new CallAuthenticator(HexFormat.of().parseHex(hexSecret), Clock.systemUTC(), Duration.ofSeconds(60));
    }

    /** The credentials for one call made now. */
    Credentials sign(PeerId caller, String fullMethodName) {
        long millis = clock.millis();
        return new Credentials(caller.value(), Long.toString(millis), mac(caller.value(), millis, fullMethodName));
    }

    /** Empty when the credentials are valid for {@code fullMethodName}; otherwise why not (safe to log). */
    Optional<String> check(String peer, String millisText, String macHex, String fullMethodName) {
        if (peer == null || millisText == null || macHex == null) {
            return Optional.of("missing credentials");
        }
        long millis;
        byte[] presented;
        try {
            millis = Long.parseLong(millisText);
            presented = HexFormat.of().parseHex(macHex);
        } catch (IllegalArgumentException e) {
            return Optional.of("malformed credentials");
        }
        long skew = Math.abs(clock.millis() - millis);
        if (skew > window.toMillis()) {
            return Optional.of("timestamp is " + skew + " ms away from this peer's clock (window "
                    + window.toMillis() + " ms)");
        }
        if (!MessageDigest.isEqual(presented, HexFormat.of().parseHex(mac(peer, millis, fullMethodName)))) {
            return Optional.of("bad signature (different cluster secret?)");
        }
        return Optional.empty();
    }

    private String mac(String peer, long millis, String fullMethodName) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] out = mac.doFinal((peer + "|" + millis + "|" + fullMethodName).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK always has " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "CallAuthenticator[secret=<redacted>, window=" + window + "]";
    }

    /** The three header values of one call. */
    record Credentials(String peer, String millis, String mac) {
    }
}
