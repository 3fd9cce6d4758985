package io.pincluster.rest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits failed logins per client address with a token bucket: each failure takes a token, one comes back every
 * {@code refillEvery}, at most {@code burst} are held. An address with an empty bucket is refused before its
 * credentials are even checked, so guessing costs the guesser time, not the server CPU. Buckets live in a bounded
 * cache: an attacker with many addresses can push out entries, never grow memory.
 */
public final class LoginThrottle {
    public static final int DEFAULT_BURST = 10;
    public static final Duration DEFAULT_REFILL = Duration.ofSeconds(6);
    private static final int MAX_ADDRESSES = 100_000;

    private final int burst;
    private final long refillMillis;
    private final Clock clock;
    private final Cache<InetAddress, Bucket> buckets;

    public LoginThrottle(int burst, Duration refillEvery, Clock clock) {
        if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
            throw new IllegalArgumentException("login throttle needs a burst >= 1 and a positive refill interval");
        }
        this.burst = burst;
        this.refillMillis = refillEvery.toMillis();
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(refillEvery.multipliedBy(burst)).build();
    }

    /** How long {@code client} must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(InetAddress client) {
        Bucket b = buckets.getIfPresent(client);
        if (b == null) {
            return Optional.empty();
        }
        synchronized (b) {
            b.refill(clock.millis());
            return b.tokens >= 1 ? Optional.empty()
                    : Optional.of(Duration.ofMillis(refillMillis - (clock.millis() - b.lastRefill)));
        }
    }

    /** Takes one token from {@code client}'s bucket. */
    public void failed(InetAddress client) {
        Bucket b = buckets.get(client, a -> new Bucket(burst, clock.millis()));
        synchronized (b) {
            b.refill(clock.millis());
            b.tokens = Math.max(0, b.tokens - 1);
        }
    }

    private final class Bucket {
        long tokens;
        long lastRefill;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        void refill(long now) {
            long earned = (now - lastRefill) / refillMillis;
            if (earned > 0) {
                tokens = Math.min(burst, tokens + earned);
                lastRefill += earned * refillMillis;
            }
            if (tokens == burst) {
                lastRefill = now;
            }
        }
    }
}
