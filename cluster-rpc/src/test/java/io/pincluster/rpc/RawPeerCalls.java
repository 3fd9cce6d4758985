package io.pincluster.rpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.pincluster.core.peer.PeerId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls a peer's RPC server with bytes made by hand, signed like a real peer's calls: what a peer of another build
 * could send, whatever this build's marshallers would write.
 */
final class RawPeerCalls implements AutoCloseable {
    private final ManagedChannel channel;

    RawPeerCalls(String address, PeerId self, CallAuthenticator auth) {
        HostPort hp = HostPort.parse(address);
        channel = NettyChannelBuilder.forAddress(hp.host(), hp.port()).usePlaintext()
                .intercept(AuthHeaders.client(auth, self)).build();
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
