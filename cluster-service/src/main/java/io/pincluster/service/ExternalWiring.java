package io.pincluster.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.config.ExternalSection;
import io.pincluster.service.external.ExternalReconciler;
import io.pincluster.service.external.ExternalServices;
import io.pincluster.service.external.ExternalStatus;
import io.pincluster.service.external.ExternalTask;
import io.pincluster.service.external.PeerOrigins;
import io.pincluster.service.external.PsaClient;
import io.pincluster.service.external.ServiceHealth;
import io.pincluster.service.metrics.ExternalMeters;
import io.pincluster.service.monitor.PeerMonitor;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External pinning services (decision 0020), built from the {@code external} section: the services' clients and
 * health, the leader's reconciliation with its task, and the status API that adds their entries to a pin's status.
 * With no service configured only the (empty) services exist, for their meters. {@link ClusterAssembly} decides
 * when the task starts and the meters are registered.
 *
 * @param reconciler the leader's reconciliation; null without services
 * @param task       runs the reconciliation every {@code external.interval}; not started, empty without services
 * @param status     the status API to serve: the cluster's, with the services' entries when any is configured
 */
record ExternalWiring(ExternalServices services, ExternalReconciler reconciler, Optional<ExternalTask> task,
                      StatusApi status) {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalWiring.class);

    static ExternalWiring build(PeerId self, ExternalSection x, String clusterTag, Consensus consensus,
                                PeerMonitor monitor, StatusApi cluster, PinSetView readable, Clock clock) {
        // No client without services: the JDK's HttpClient starts a selector thread as it is built.
        HttpClient http = x.enabled() ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(x.requestTimeout()).build() : null;
        List<ExternalServices.Endpoint> endpoints = x.services().stream().map(s -> new ExternalServices.Endpoint(
                s.name(), new PsaClient(s, http, x.requestTimeout()), new ServiceHealth(s.name(), clock, x.interval(),
                x.maxBackoff(), x.alertAfter(), (service, error) -> alertFailing(self, x, monitor, service, error))))
                .toList();
        ExternalServices services = new ExternalServices(endpoints, x.copies(), clusterTag);
        if (!x.enabled()) {
            return new ExternalWiring(services, null, Optional.empty(), cluster);
        }
        ExternalReconciler reconciler = new ExternalReconciler(consensus.state(),
                () -> consensus.leader().map(self::equals).orElse(false),
                () -> consensus.state().appliedIndex() >= consensus.raftInfo().commitIndex(), services,
                new PeerOrigins(() -> monitor.validMetrics(MetricNames.PING)),
                new ExternalReconciler.Settings(x.maxRequestsPerPass(), x.sweepInterval()), clock);
        return new ExternalWiring(services, reconciler, Optional.of(new ExternalTask(reconciler, x.interval())),
                new ExternalStatus(cluster, readable, services, clock));
    }

    void registerMeters(MeterRegistry registry) {
        ExternalMeters.register(registry, services, reconciler);
    }

    /** The configured services' names, for the start-up log. */
    List<String> names() {
        return services.all().stream().map(ExternalServices.Endpoint::name).toList();
    }

    /** A service failing for {@code external.alert_after}: logged by the calls already, listed in /health/alerts. */
    private static void alertFailing(PeerId self, ExternalSection x, PeerMonitor monitor, String service,
                                     String error) {
        Instant now = Instant.now();
        LOG.warn("{}: external pinning service {} has been failing for {} or more: {}", self, service,
                x.alertAfter(), error);
        monitor.raise(new Alert(new Metric("external_service_failing", self, service + ": " + error, 0, false, now,
                now), now));
    }
}
