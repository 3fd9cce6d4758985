package io.pincluster.service.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.service.external.ExternalReconciler;
import io.pincluster.service.external.ExternalServices;
import java.util.List;

/**
 * The external pinning services' meters (decision 0020): {@code pincluster_external_services_failing} (services
 * whose last call from this peer failed; registered even with no service, so alert rules always find it),
 * {@code pincluster_external_copies{service,status}} (this cluster's requests on each service by status, as the
 * leader's last pass saw them; 0 on other peers) and {@code pincluster_external_calls_failed_total{service}}.
 */
public final class ExternalMeters {
    private ExternalMeters() {
    }

    /** @param reconciler null when no service is configured */
    public static void register(MeterRegistry registry, ExternalServices services, ExternalReconciler reconciler) {
        Gauge.builder("pincluster.external.services.failing", services,
                        s -> s.all().stream().filter(e -> e.health().failing()).count())
                .description("external pinning services whose last call from this peer failed")
                .strongReference(true).register(registry);
        for (ExternalServices.Endpoint e : services.all()) {
            for (String status : List.of("queued", "pinning", "pinned", "failed")) {
                Gauge.builder("pincluster.external.copies", reconciler, r -> r.count(e.name(), status))
                        .tags("service", e.name(), "status", status)
                        .description("this cluster's pin requests on an external service by status (leader only)")
                        .strongReference(true).register(registry);
            }
            FunctionCounter.builder("pincluster.external.calls.failed", e.health(), h -> h.failures())
                    .tag("service", e.name())
                    .description("calls from this peer to an external pinning service that failed")
                    .register(registry);
        }
    }
}
