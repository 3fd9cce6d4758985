package io.pincluster.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.component.ReadinessApi;
import io.pincluster.service.monitor.DiskUsage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This peer's own health for alerting, read at scrape time: {@code pincluster_ready} (1 while
 * {@code GET /health/ready} would answer 200), {@code pincluster_disk_usage_ratio} (its store's used share of its
 * capacity, NaN while unknown) and {@code pincluster_disk_high_water_ratio} ({@code repair.disk_high_water}), so an
 * alert compares the two without repeating the configuration.
 */
public final class HealthMeters {
    private HealthMeters() {
    }

    public static void register(MeterRegistry registry, ReadinessApi readiness, Supplier<Optional<DiskUsage>> disk,
                                double diskHighWater) {
        Gauge.builder("pincluster.ready", readiness, r -> r.notReadyReason().isEmpty() ? 1 : 0)
                .description("1 while this peer is ready (GET /health/ready answers 200), else 0")
                .strongReference(true).register(registry);
        Gauge.builder("pincluster.disk.usage.ratio", disk, d -> usedShare(d))
                .description("used share of this peer's store capacity (NaN while unknown)")
                .strongReference(true).register(registry);
        Gauge.builder("pincluster.disk.high.water.ratio", () -> diskHighWater)
                .description("repair.disk_high_water: from this share a peer gets no new copies and is not ready")
                .register(registry);
    }

    private static double usedShare(Supplier<Optional<DiskUsage>> disk) {
        try {
            return disk.get().map(DiskUsage::fraction).orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN; // a remote daemon that does not answer: unknown, the readiness gauge says the rest
        }
    }
}
