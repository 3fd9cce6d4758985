package io.pincluster.rpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The TLS contexts of the peer RPC, from this peer's {@link PeerTls}: the server requires a client certificate;
 * a client presents its own and checks the server is the peer it meant to call. The JDK's TLS stack: it hands
 * our trust manager the whole decision (the OpenSSL one may add its own hostname check on the client side).
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(PeerTls tls) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManager()), SslProvider.JDK)
                    // removed peers pass the handshake and are refused per call (CallerIdentity), but for the
                    // holdings report through which a drained peer learns which copies it may release
                    .trustManager(tls.anyPeerTrustManager())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the peer RPC's server TLS context", e);
        }
    }

    /** A client context that accepts only {@code expected}, or any admitted peer of the cluster when empty. */
    static SslContext client(PeerTls tls, Optional<PeerId> expected) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(tls.keyManager())
                    .trustManager(expected.map(tls::trustManagerFor).orElseGet(tls::trustManager))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the peer RPC's client TLS context", e);
        }
    }
}
