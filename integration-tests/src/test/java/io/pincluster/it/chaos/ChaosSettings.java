package io.pincluster.it.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chaos run's seed and duration, from the system properties {@code chaos.seed} (a long; a fresh random one when
 * unset) and {@code chaos.duration} ({@code 60s}, {@code 10m}, {@code 1m30s}, an ISO-8601 {@code PT10M}, or bare
 * seconds; {@link #DEFAULT_DURATION} when unset).
 */
record ChaosSettings(long seed, Duration duration) {
    static final String SEED = "chaos.seed";
    static final String DURATION = "chaos.duration";
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

    ChaosSettings {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(DURATION + " must be positive, not " + duration);
        }
    }

    static ChaosSettings fromSystemProperties() {
        String seed = System.getProperty(SEED, "").trim();
        String duration = System.getProperty(DURATION, "").trim();
        return new ChaosSettings(seed.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed),
                duration.isEmpty() ? DEFAULT_DURATION : parseDuration(duration));
    }

    /** {@code 60s}, {@code 10m}, {@code 1m30s}, {@code PT10M} or {@code 90} (seconds). */
    static Duration parseDuration(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        return Duration.parse(t.startsWith("P") ? t : "PT" + t);
    }

    /** What to print at the start and in every failure: enough to run the same schedule again. */
    String describe() {
        return "chaos seed " + seed + ", duration " + duration.toSeconds() + "s (replay: -D" + SEED + "=" + seed
                + " -D" + DURATION + "=" + duration.toSeconds() + "s)";
    }
}
