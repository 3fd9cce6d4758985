package io.pincluster.gateway;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.http.GatewayErrorHandler;
import io.pincluster.gateway.http.GatewayService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The read-only HTTP(S) gateway on its own port: {@code GET/HEAD /ipfs/{cid}[/path]} answered from a
 * {@link ContentSource}. Start once, stop once; {@link #close()} stops it.
 */
public final class GatewayServer implements AutoCloseable {
    /** Lets in-flight responses finish on stop, but never holds shutdown longer than this. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private boolean started;

    public GatewayServer(GatewayConfig config, ContentSource content) {
        this(config, content, GatewayServer::unexportedMeters);
    }

    /**
     * As above; {@code instrumentation} is applied to the server's builder before the gateway's service: the peer sets
     * its meter registry and a request-metering decorator there (the REST module's {@code RequestMeters}).
     */
    public GatewayServer(GatewayConfig config, ContentSource content, Consumer<ServerBuilder> instrumentation) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(content, "content");
        ServerBuilder sb = Server.builder();
        instrumentation.accept(sb);
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (config.sslCertFile() != null) {
            sb.https(address).tls(config.sslCertFile().toFile(), config.sslKeyFile().toFile());
        } else {
            sb.http(address);
        }
        this.server = sb
                .serviceUnder("/", new GatewayService(content))
                .errorHandler(new GatewayErrorHandler())
                // Resolving a path and rendering a listing must finish within this; a file or CAR body, streamed
                // with backpressure, may take long on a slow link, so the service lifts it once streaming starts.
                .requestTimeout(config.requestTimeout())
                .gracefulShutdownTimeout(Duration.ZERO, SHUTDOWN_TIMEOUT)
                .build();
    }

    // Armeria binds the common blocking executor's meters to each server's registry: servers sharing one (Armeria's
    // default, the global registry) made Micrometer warn of a duplicate at every start.
    private static void unexportedMeters(ServerBuilder sb) {
        sb.meterRegistry(new CompositeMeterRegistry());
    }

    /** Binds the port and starts serving; returns once the port is bound. */
    public synchronized GatewayServer start() {
        if (started) {
            throw new IllegalStateException("gateway already started");
        }
        server.start().join();
        started = true;
        return this;
    }

    /** The bound port; only valid after {@link #start()}. */
    public int port() {
        if (!started) {
            throw new IllegalStateException("gateway not started");
        }
        return server.activeLocalPort();
    }

    /** Stops serving and releases the port; stopping a stopped server does nothing. */
    public synchronized void stop() {
        server.stop().join();
    }

    @Override
    public void close() {
        stop();
    }
}
