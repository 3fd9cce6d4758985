package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.testkit.ManualClock;
import io.pincluster.testkit.TrustAnyServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The peer RPC accepts only peers of its cluster, over mutual TLS, and believes a message about a peer only from
 * that peer: refused callers never reach the handler.
 */
class PeerRpcSecurityTest {
    private static final Instant EXPIRE = Instant.parse("2030-01-01T00:00:00Z");
    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private final PeerId c = RpcFixture.peer(3);
    private RpcFixture fixture;
    private RecordingHandler handlerB;

    @BeforeEach
    void start() {
        fixture = new RpcFixture();
        handlerB = new RecordingHandler(b);
        fixture.serve(b, handlerB, RpcSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void wrongSecretIsRefusedBeforeTheHandler() {
        PeerTlsIdentity otherCluster = fixture.tls(a, RpcFixture.OTHER_SECRET, p -> true, Clock.systemUTC(),
                PeerTlsIdentity.DEFAULT_VALIDITY);
        GrpcPeerRpc outsider = fixture.client(otherCluster, RpcSettings.defaults());
        assertUnauthorized(() -> outsider.id(b));
        assertUnauthorized(() -> outsider.putBlock(b, RpcFixture.rawCid("x"), "x".getBytes()));
        assertUnauthorized(() -> outsider.collectGarbage(b));
        assertUnauthorized(() -> outsider.sendMetrics(b, List.of(Metric.freeSpace(a, 1, EXPIRE))));
        assertUnauthorized(() -> {
            try (Stream<CidStatus> s = outsider.statusAll(b, Set.of())) {
                s.count();
            }
        });
        assertThat(handlerB.calls.get()).isZero();
        assertThat(handlerB.blocks).isEmpty();
        assertThat(handlerB.metrics).isEmpty();
    }

    @Test
    void expiredCertificateIsRefused() {
        // issued 40 days ago for 30 days: the same cluster, but no longer valid
        ManualClock past = new ManualClock(Instant.now().minus(Duration.ofDays(40)));
        PeerTlsIdentity expired = fixture.tls(a, RpcFixture.SECRET, p -> true, past, Duration.ofDays(30));
        GrpcPeerRpc stale = fixture.client(expired, RpcSettings.defaults());
        assertUnauthorized(() -> stale.id(b));
        assertThat(handlerB.calls.get()).isZero();
    }

    @Test
    void callsWithoutAClientCertificateOrInPlaintextAreRefused() throws Exception {
        String address = fixture.book.rpcAddress(b).orElseThrow();
        // A call captured from the wire (the bytes of a metrics push) replayed by a party without a certificate.
        byte[] captured;
        try (InputStream in = PeerRpcMethods.METRICS.streamRequest(List.of(Metric.freeSpace(a, 1, EXPIRE)))) {
            captured = in.readAllBytes();
        }
        String method = PeerRpcMethods.METRICS.getBareMethodName();
        try (RawPeerCalls plaintext = RawPeerCalls.plaintext(address);
             RawPeerCalls noCertificate = RawPeerCalls.withoutCertificate(address, new TrustAnyServer())) {
            assertThatThrownBy(() -> plaintext.unary(method, captured)).isInstanceOf(StatusRuntimeException.class);
            assertThatThrownBy(() -> noCertificate.unary(method, captured))
                    .isInstanceOf(StatusRuntimeException.class);
            assertThatThrownBy(() -> noCertificate.unary("Id", new byte[0]))
                    .isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(handlerB.calls.get()).isZero();
        assertThat(handlerB.metrics).isEmpty();
        try (RawPeerCalls peerA = new RawPeerCalls(address, fixture.tls(a))) {
            peerA.unary(method, captured);
        }
        assertThat(handlerB.metrics).as("the same bytes from the peer they name are accepted").hasSize(1);
    }

    @Test
    void aPeerCannotSpeakForAnother() {
        GrpcPeerRpc clientA = fixture.client(a);
        assertUnauthorized(() -> clientA.sendMetrics(b, List.of(Metric.freeSpace(a, 5, EXPIRE),
                Metric.freeSpace(c, 1, EXPIRE))));
        assertUnauthorized(() -> clientA.reportHoldings(b, new HoldingsReport(c, 1, 1, true, true,
                List.of(RpcFixture.rawCid("x")), List.of(), List.of(), 0)));
        assertUnauthorized(() -> clientA.join(fixture.book.rpcAddress(b).orElseThrow(),
                new JoinRequest(c, "impostor", "127.0.0.1:1", "127.0.0.1:2")));
        assertThat(handlerB.metrics).as("nothing of a mixed batch is kept").isEmpty();
        assertThat(handlerB.holdings).isEmpty();
        assertThat(handlerB.joins).isEmpty();
        assertThat(handlerB.calls.get()).isZero();

        clientA.sendMetrics(b, List.of(Metric.freeSpace(a, 5, EXPIRE)));
        assertThat(handlerB.metrics).containsExactly(Metric.freeSpace(a, 5, EXPIRE));
    }

    @Test
    void theServerMustBeThePeerCalled() {
        // c's address in the book leads to b: the client expects c's certificate and refuses b's
        fixture.book.put(c, fixture.book.rpcAddress(b).orElseThrow());
        GrpcPeerRpc clientA = fixture.client(a);
        assertUnauthorized(() -> clientA.sendMetrics(c, List.of(Metric.freeSpace(a, 5, EXPIRE))));
        assertThat(handlerB.calls.get()).isZero();
        assertThat(clientA.id(b).id()).isEqualTo(b);
    }

    @Test
    void aPeerTheMembershipRefusesCannotConnect() {
        RecordingHandler handlerC = new RecordingHandler(c);
        // c's membership says a was removed
        fixture.serve(c, fixture.tls(c, RpcFixture.SECRET, peer -> !peer.equals(a), Clock.systemUTC(),
                PeerTlsIdentity.DEFAULT_VALIDITY), handlerC, RpcSettings.defaults());
        GrpcPeerRpc clientA = fixture.client(a);
        assertUnauthorized(() -> clientA.sendMetrics(c, List.of(Metric.freeSpace(a, 5, EXPIRE))));
        assertUnauthorized(() -> clientA.id(c));
        assertUnauthorized(() -> clientA.putBlock(c, RpcFixture.rawCid("x"), "x".getBytes()));
        assertThat(handlerC.calls.get()).isZero();
        assertThat(fixture.client(b).id(c).id()).isEqualTo(c);
        // but for its own holdings report: the answer tells a drained, removed peer which copies it may release
        HoldingsReport own = new HoldingsReport(a, 1, 1, true, true, List.of(), List.of(), List.of(), 0);
        clientA.reportHoldings(c, own);
        assertThat(handlerC.holdings).containsExactly(own);
    }

    @Test
    void aPeerRemovedWhileConnectedIsRefusedAtItsNextCall() {
        Set<PeerId> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RecordingHandler handlerC = new RecordingHandler(c);
        fixture.serve(c, fixture.tls(c, RpcFixture.SECRET, peer -> !removed.contains(peer), Clock.systemUTC(),
                PeerTlsIdentity.DEFAULT_VALIDITY), handlerC, RpcSettings.defaults());
        GrpcPeerRpc clientA = fixture.client(a);
        assertThat(clientA.id(c).id()).isEqualTo(c);
        removed.add(a);
        assertUnauthorized(() -> clientA.sendMetrics(c, List.of(Metric.freeSpace(a, 5, EXPIRE))));
        assertThat(handlerC.metrics).isEmpty();
        assertThat(handlerC.calls.get()).isEqualTo(1);
    }

    @Test
    void aReissuedCertificateIsServedWithoutRestarting() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        PeerId d = RpcFixture.peer(4);
        RecordingHandler handlerD = new RecordingHandler(d);
        PeerTlsIdentity tlsD = fixture.tls(d, RpcFixture.SECRET, p -> true, clock, Duration.ofDays(30));
        fixture.serve(d, tlsD, handlerD, RpcSettings.defaults());
        GrpcPeerRpc clientA = fixture.client(a);
        assertThat(clientA.id(d).id()).isEqualTo(d);
        BigInteger first = presentedBy(d).getSerialNumber();
        assertThat(first).isEqualTo(tlsD.certificate().getSerialNumber());

        clock.advance(Duration.ofDays(15));
        assertThat(tlsD.renewIfDue()).as("half the validity left: not due").isFalse();
        clock.advance(Duration.ofDays(6));
        assertThat(tlsD.renewIfDue()).as("less than a third left").isTrue();

        BigInteger second = tlsD.certificate().getSerialNumber();
        assertThat(second).isNotEqualTo(first);
        assertThat(presentedBy(d).getSerialNumber()).as("a new connection sees the new certificate")
                .isEqualTo(second);
        assertThat(clientA.id(d).id()).as("the open channel keeps working").isEqualTo(d);
        // a new client on the same clock (the new certificate starts 21 days after the system clock's now)
        GrpcPeerRpc later = fixture.client(fixture.tls(c, RpcFixture.SECRET, p -> true, clock, Duration.ofDays(30)),
                RpcSettings.defaults());
        assertThat(later.id(d).id()).as("a new client is served").isEqualTo(d);
    }

    /** The certificate {@code peer}'s RPC port presents to a fresh TLS connection. */
    private X509Certificate presentedBy(PeerId peer) throws Exception {
        HostPort hp = HostPort.parse(fixture.book.rpcAddress(peer).orElseThrow());
        SSLContext context = SSLContext.getInstance("TLS");
        TrustAnyServer trust = new TrustAnyServer();
        context.init(new javax.net.ssl.KeyManager[] {fixture.tls(a).keyManager()}, new TrustManager[] {trust}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(hp.host(), hp.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertUnauthorized(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
