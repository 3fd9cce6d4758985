package io.pincluster.rpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.pincluster.core.tls.PeerTls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Calls a peer's RPC server with bytes made by hand over a channel of our choosing: as a real peer of the cluster
 * (what a peer of another build could send, whatever this build's marshallers would write), or as a party without
 * a certificate of the cluster (plaintext, or TLS without a client certificate).
 */
final class RawPeerCalls implements AutoCloseable {
    private final ManagedChannel channel;

    private RawPeerCalls(ManagedChannel channel) {
        this.channel = channel;
    }

    /** As the peer whose TLS identity is {@code tls}. */
    RawPeerCalls(String address, PeerTls tls) {
        this(builder(address).sslContext(TlsContexts.client(tls, Optional.empty())).build());
    }

    /** Without TLS at all. */
    static RawPeerCalls plaintext(String address) {
        return new RawPeerCalls(builder(address).usePlaintext().build());
    }

    /** Over TLS that accepts the server (as {@code trust} decides) but presents no client certificate. */
    static RawPeerCalls withoutCertificate(String address, TrustManager trust) {
        try {
            return new RawPeerCalls(builder(address).sslContext(GrpcSslContexts.forClient().trustManager(trust)
                    .build()).build());
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NettyChannelBuilder builder(String address) {
        HostPort hp = HostPort.parse(address);
        return NettyChannelBuilder.forAddress(hp.host(), hp.port());
    }

    byte[] unary(String method, byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, descriptor(method, MethodDescriptor.MethodType.UNARY),
                options(), request);
    }

    List<byte[]> serverStreaming(String method, byte[] request) {
        Iterator<byte[]> answers = ClientCalls.blockingServerStreamingCall(channel,
                descriptor(method, MethodDescriptor.MethodType.SERVER_STREAMING), options(), request);
        List<byte[]> out = new ArrayList<>();
        answers.forEachRemaining(out::add);
        return out;
    }

    @Override
    public void close() {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    static MethodDescriptor<byte[], byte[]> descriptor(String method, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(PeerRpcMethods.SERVICE, method))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
