package io.pincluster.core.psa;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Creation times of pin requests are unique at millisecond precision: clients page with {@code before} = the
 * oldest {@code created} of a page (JavaScript dates, milliseconds), so two requests of one millisecond could be
 * skipped or shown twice.
 */
public final class CreationTimes {
    private CreationTimes() {
    }

    /** {@code now} to the millisecond, or one millisecond after {@code last} when that is not later. */
    public static Instant next(Instant now, Instant last) {
        Instant ms = now.truncatedTo(ChronoUnit.MILLIS);
        Instant lastMs = last == null ? null : last.truncatedTo(ChronoUnit.MILLIS);
        return lastMs != null && !ms.isAfter(lastMs) ? lastMs.plusMillis(1) : ms;
    }
}
