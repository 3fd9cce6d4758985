package io.pincluster.consensus.ratis;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every call on this peer's Raft port, not only the handshake: a connection opened before a peer was removed
 * outlives its removal, and Ratis offers no hook to close it, so a new call on it is refused here (decision 0006).
 * The caller is the peer named by the certificate of the call's TLS session; it is refused once the peer directory
 * marks it removed and this server's Raft configuration no longer lists it. Both, because a peer that leaves writes
 * its removal marker first and then asks the leader to drop it from the configuration (a call it must still be
 * allowed to make), and because a server that missed entries (it was down) may not know a newer member yet.
 * A call that started before the removal (a long-lived stream) is not cut off.
 */
final class RaftCallerCheck implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RaftCallerCheck.class);

    private final PeerTls tls;
    private final Predicate<PeerId> member;

    /**
     * @param member whether a peer is in this server's Raft configuration now (true while the configuration is not
     *               known yet: the handshake's checks then stand alone)
     */
    RaftCallerCheck(PeerTls tls, Predicate<PeerId> member) {
        this.tls = tls;
        this.member = member;
    }

    /** Whether {@code peer} may make a call now: not removed, or still in the configuration. */
    boolean admits(PeerId peer) {
        return tls.admits(peer) || member.test(peer);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        Optional<PeerId> caller = callerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (caller.isPresent() && admits(caller.get())) {
            return next.startCall(call, headers);
        }
        String why = caller.map(p -> "peer " + p + " was removed from the cluster")
                .orElse("no peer certificate");
        LOG.warn("refused Raft call {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why);
        call.close(Status.PERMISSION_DENIED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private Optional<PeerId> callerOf(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            return tls.peerOf(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
