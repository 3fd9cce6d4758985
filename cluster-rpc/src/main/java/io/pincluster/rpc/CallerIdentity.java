package io.pincluster.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: the peer named by the client certificate of the call's TLS session (the trust manager has
 * already accepted it during the handshake), never what the caller claims. A server interceptor puts it in the
 * call's {@link Context}; the service checks every message that names a peer against it.
 */
final class CallerIdentity {
    private static final Context.Key<PeerId> CALLER = Context.key("pincluster-caller");
    private static final Logger LOG = LoggerFactory.getLogger(CallerIdentity.class);
    /**
     * What a removed peer may still call: its holdings report, whose answer tells it which copies it may release. A
     * peer drained and then removed can be removed between the leader's last check and its next report; refused, it
     * would keep those copies for ever.
     */
    private static final Set<String> OPEN_TO_REMOVED_PEERS = Set.of(
            PeerRpcMethods.REPORT_HOLDINGS.getFullMethodName());

    private CallerIdentity() {
    }

    static ServerInterceptor interceptor(PeerTls tls) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                Optional<PeerId> caller = callerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), tls);
                String method = call.getMethodDescriptor().getFullMethodName();
                if (caller.isEmpty() || !tls.admits(caller.get()) && !OPEN_TO_REMOVED_PEERS.contains(method)) {
                    // no certificate can only be a bug (the handshake requires one); a removed peer is refused here,
                    // per call, whether its connection is new or older than its removal
                    String why = caller.isEmpty() ? "no peer certificate" : "peer " + caller.get() + " was removed";
                    LOG.warn("refused {} from {}: {}", method, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                            why);
                    StatusRuntimeException refused = RpcErrors.toStatus(new ClusterException(ErrorCode.UNAUTHORIZED,
                            why), method);
                    call.close(refused.getStatus(), refused.getTrailers());
                    return new ServerCall.Listener<>() {
                    };
                }
                return Contexts.interceptCall(Context.current().withValue(CALLER, caller.get()), call, headers, next);
            }
        };
    }

    private static Optional<PeerId> callerOf(SSLSession session, PeerTls tls) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            return tls.peerOf(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The calling peer; only inside a call that passed the interceptor. */
    static PeerId current() {
        PeerId caller = CALLER.get();
        if (caller == null) {
            throw new IllegalStateException("no caller: not inside an authenticated peer call");
        }
        return caller;
    }

    /**
     * Refuses a message that speaks for {@code claimed} when the caller is another peer: a peer reports only its
     * own metrics, holdings and join.
     */
    static void requireCallerIs(PeerId claimed, String what) {
        PeerId caller = current();
        if (!caller.equals(claimed)) {
            throw new ClusterException(ErrorCode.UNAUTHORIZED, what + " names peer " + claimed
                    + " but the caller's certificate is for " + caller);
        }
    }
}
