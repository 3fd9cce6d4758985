package io.pincluster.service.metrics;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.linecorp.armeria.common.HttpMethod;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.http.RestErrorHandler;
import io.pincluster.rest.http.RestTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /health} (204) on its own port, over
 * HTTPS when given a certificate and key. Like every REST route but the health check, {@code /metrics} takes the
 * REST API's credentials (Basic or a token from {@code POST /token}; the reader role is enough) whatever the method,
 * {@code OPTIONS} included; with no users configured it is open, as the REST API is, and then only the loopback
 * default listen address keeps it private. Only {@code GET} and {@code HEAD} are routed.
 */
public final class MetricsServer implements AutoCloseable {
    static final MediaType TEXT_FORMAT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final AutoCloseable jvm;
    private final Server server;

    /**
     * @param auth     the REST API's authentication ({@link RestAuth#of}); null for none
     * @param certFile PEM certificate chain for HTTPS, or null for plain HTTP (then {@code keyFile} is null too)
     * @param keyFile  PEM PKCS#8 key of {@code certFile}
     */
    public MetricsServer(String host, int port, RestAuth auth, Path certFile, Path keyFile) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.jvm = JvmMeters.bind(registry);
        ServerBuilder sb = Server.builder();
        // Armeria binds the common blocking executor's meters to each server's registry: servers sharing one (Armeria's
        // default, the global registry) made Micrometer warn of a duplicate at every start. This one's are not exported.
        sb.meterRegistry(new CompositeMeterRegistry());
        RestTls.listen(sb, new InetSocketAddress(host, port), certFile, keyFile);
        sb.gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
                .errorHandler(new RestErrorHandler()) // its refusals in the REST API's JSON shape, not Armeria's text
                // The scrape walks the tracker's CIDs: not on the event loop.
                .route().path("/metrics").methods(HttpMethod.GET, HttpMethod.HEAD)
                .build((ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(
                        () -> HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, registry.scrape()),
                        ctx.blockingTaskExecutor())));
        sb.route().path("/health").methods(HttpMethod.GET, HttpMethod.HEAD)
                .build((ctx, req) -> HttpResponse.of(HttpStatus.NO_CONTENT));
        if (auth != null) {
            sb.decorator(auth.decorator());
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
