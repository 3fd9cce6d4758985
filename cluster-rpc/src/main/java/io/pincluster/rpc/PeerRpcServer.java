package io.pincluster.rpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.tls.PeerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves this peer's {@link PeerRpcHandler} to the other peers over mutual TLS only: a caller without a certificate
 * of this cluster is refused at the handshake, and every call knows its caller from its certificate
 * ({@link CallerIdentity}), which also refuses removed peers.
 */
public final class PeerRpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRpcServer.class);

    private final Server server;

    private PeerRpcServer(Server server) {
        this.server = server;
    }

    /**
     * Binds {@code listen} (port 0 picks a free port) and starts serving.
     *
     * @throws UncheckedIOException the address cannot be bound
     */
    public static PeerRpcServer start(InetSocketAddress listen, PeerRpcHandler handler, PeerTls tls,
                                      RpcSettings settings) {
        Server server = NettyServerBuilder.forAddress(listen)
                .sslContext(TlsContexts.server(tls))
                .maxInboundMessageSize(settings.maxMessageBytes())
                .addService(ServerInterceptors.intercept(
                        PeerRpcService.definition(handler, settings.statusBatchSize()), CallerIdentity.interceptor(tls)))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for peer RPC on " + listen + ": " + e.getMessage(), e);
        }
        LOG.info("peer RPC listening on {}", server.getListenSockets());
        return new PeerRpcServer(server);
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls, gives running ones a moment, then cuts them. Idempotent. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
