package io.pincluster.service.external;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * How one external service has been answering, and when it may be called again. After a failure the service is
 * left alone for {@code base}, doubling with each further failure up to {@code max}; a success clears it. A streak of
 * failures lasting {@code alertAfter} calls {@code alert} once (service name, last error). The leader's
 * reconciliation and every status lookup on this peer share one instance per service, so neither hammers a service
 * the other found down. Thread-safe.
 */
public final class ServiceHealth {
    private final String service;
    private final Clock clock;
    private final Duration base;
    private final Duration max;
    private final Duration alertAfter;
    private final BiConsumer<String, String> alert;
    private int streak;
    private Instant failingSince;
    private Instant nextCall = Instant.MIN;
    private String lastError = "";
    private boolean alerted;
    private long failures;

    public ServiceHealth(String service, Clock clock, Duration base, Duration max, Duration alertAfter,
                         BiConsumer<String, String> alert) {
        this.service = service;
        this.clock = clock;
        this.base = base.compareTo(max) > 0 ? max : base;
        this.max = max;
        this.alertAfter = alertAfter;
        this.alert = alert;
    }

    /** Whether the service may be called now (it is not backing off). */
    public synchronized boolean mayCall() {
        return !clock.instant().isBefore(nextCall);
    }

    public synchronized void succeeded() {
        streak = 0;
        failingSince = null;
        nextCall = Instant.MIN;
        lastError = "";
        alerted = false;
    }

    public void failed(String error) {
        boolean raise;
        synchronized (this) {
            Instant now = clock.instant();
            failures++;
            streak++;
            lastError = error;
            if (failingSince == null) {
                failingSince = now;
            }
            long factor = 1L << Math.min(streak - 1, 20);
            Duration wait = base.multipliedBy(factor);
            nextCall = now.plus(wait.compareTo(max) > 0 ? max : wait);
            raise = !alerted && !now.isBefore(failingSince.plus(alertAfter));
            alerted |= raise;
        }
        if (raise) {
            alert.accept(service, error);
        }
    }

    /** The last error while the service is failing; empty once it answers again. */
    public synchronized Optional<String> lastError() {
        return failingSince == null ? Optional.empty() : Optional.of(lastError);
    }

    public synchronized boolean failing() {
        return failingSince != null;
    }

    /** Calls that failed since this peer started. */
    public synchronized long failures() {
        return failures;
    }
}
