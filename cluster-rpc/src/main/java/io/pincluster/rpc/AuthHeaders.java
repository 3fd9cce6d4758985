package io.pincluster.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.pincluster.core.peer.PeerId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries {@link CallAuthenticator} credentials in call metadata: a client side that adds them, a server side that checks them. */
final class AuthHeaders {
    static final Metadata.Key<String> PEER = Metadata.Key.of("x-pincluster-peer", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TIME = Metadata.Key.of("x-pincluster-time", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTH = Metadata.Key.of("x-pincluster-auth", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = LoggerFactory.getLogger(AuthHeaders.class);

    private AuthHeaders() {
    }

    static ClientInterceptor client(CallAuthenticator auth, PeerId self) {
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        CallAuthenticator.Credentials c = auth.sign(self, method.getFullMethodName());
                        headers.put(PEER, c.peer());
                        headers.put(TIME, c.millis());
                        headers.put(AUTH, c.mac());
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    static ServerInterceptor server(CallAuthenticator auth) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                String method = call.getMethodDescriptor().getFullMethodName();
                Optional<String> problem = auth.check(headers.get(PEER), headers.get(TIME), headers.get(AUTH), method);
                if (problem.isPresent()) {
                    LOG.warn("refused {} from {} ({}): {}", method, call.getAttributes()
                            .get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR), headers.get(PEER), problem.get());
                    call.close(Status.UNAUTHENTICATED.withDescription(problem.get()), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
