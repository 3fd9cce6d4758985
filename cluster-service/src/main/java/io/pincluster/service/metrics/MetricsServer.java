package io.pincluster.service.metrics;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pincluster.rest.auth.AuthDecorator;
import io.pincluster.rest.auth.Credentials;
import io.pincluster.rest.auth.JwtCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /health} (204) on its own port. Like
 * every route but the health check, {@code /metrics} takes the REST API's credentials (Basic Auth or a token from
 * {@code POST /token}); with no credentials configured it is open, as the REST API is.
 */
public final class MetricsServer implements AutoCloseable {
    static final MediaType TEXT_FORMAT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final AutoCloseable jvm;
    private final Server server;

    /**
     * @param users the REST API's {@code basic_auth_credentials}; empty for no authentication
     */
    public MetricsServer(String host, int port, Map<String, String> users, Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.jvm = JvmMeters.bind(registry);
        ServerBuilder sb = Server.builder()
                .http(new InetSocketAddress(host, port))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
                // The scrape walks the tracker's CIDs: not on the event loop.
                .service("/metrics", (ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(
                        () -> HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, registry.scrape()),
                        ctx.blockingTaskExecutor())))
                .service("/health", (ctx, req) -> HttpResponse.of(HttpStatus.NO_CONTENT));
        if (!users.isEmpty()) {
            Credentials credentials = new Credentials(users);
            sb.decorator(new AuthDecorator(credentials, new JwtCodec(credentials, clock)));
        }
        this.server = sb.build();
    }

    /** The registry to add meters to; what {@code /metrics} shows. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Binds and starts serving; returns once the port is bound. */
    public MetricsServer start() {
        server.start().join();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
        try {
            jvm.close();
        } catch (Exception e) {
            // nothing held but a GC listener
        }
        registry.close();
    }
}
