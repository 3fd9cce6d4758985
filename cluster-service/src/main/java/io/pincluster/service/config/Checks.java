package io.pincluster.service.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects the validation failures of one section so its record can report all of them in one exception. */
final class Checks {
    private final String section;
    private final List<String> problems = new ArrayList<>();

    Checks(String section) {
        this.section = section;
    }

    Checks require(boolean ok, String key, String message) {
        if (!ok) {
            problems.add(section + "." + key + ": " + message);
        }
        return this;
    }

    /**
     * A loop's period: at least a millisecond, the schedulers' unit (a positive {@code 500us} would pass a "positive"
     * check and then stop the peer at start with a stack trace); with {@code zeroTurnsOff}, 0 is allowed too.
     */
    Checks requireInterval(Duration d, String key, boolean zeroTurnsOff) {
        boolean off = zeroTurnsOff && d != null && d.isZero();
        return require(d != null && (off || d.compareTo(Duration.ofMillis(1)) >= 0), key,
                zeroTurnsOff ? "must be 0 (off) or at least 1ms" : "must be at least 1ms");
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
