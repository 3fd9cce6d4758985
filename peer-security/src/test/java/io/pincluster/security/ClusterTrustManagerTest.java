package io.pincluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ClusterTrustManagerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final PeerId A = ClusterCaTest.PEER;
    private static final PeerId B = PeerId.ofPublicKeyProto("peer-b".getBytes(StandardCharsets.UTF_8));
    private final ClusterCa ca = ClusterCa.fromHexSecret(ClusterCaTest.SECRET);
    private final ManualClock clock = new ManualClock(NOW);
    private final Set<PeerId> removed = ConcurrentHashMap.newKeySet();

    private ClusterTrustManager trust(Optional<PeerId> expected) {
        return new ClusterTrustManager(ca.name(), ca.publicKey(), clock, p -> !removed.contains(p), expected);
    }

    private X509Certificate certOf(ClusterCa issuer, PeerId peer) {
        return issuer.issue(peer, PeerKeys.generate().getPublic(), NOW, NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void acceptsAPeerOfThisClusterAndSaysWhichOne() throws Exception {
        X509Certificate cert = certOf(ca, A);
        assertThat(trust(Optional.empty()).check(new X509Certificate[] {cert})).isEqualTo(A);
        trust(Optional.empty()).checkClientTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null);
        trust(Optional.of(A)).checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null);
        assertThat(trust(Optional.empty()).getAcceptedIssuers()).isEmpty();
    }

    @Test
    void refusesAnotherClustersCertificate() {
        X509Certificate foreign = certOf(ClusterCa.fromHexSecret(ClusterCaTest.OTHER_SECRET), A);
        assertThatThrownBy(() -> trust(Optional.empty()).checkClientTrusted(new X509Certificate[] {foreign}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not a valid certificate");
    }

    @Test
    void refusesExpiredAndNotYetValidCertificates() {
        X509Certificate cert = certOf(ca, A);
        clock.set(NOW.plus(Duration.ofDays(30)).plusSeconds(1));
        assertThatThrownBy(() -> trust(Optional.empty()).check(new X509Certificate[] {cert}))
                .isInstanceOf(CertificateException.class);
        clock.set(NOW.minusSeconds(1));
        assertThatThrownBy(() -> trust(Optional.empty()).check(new X509Certificate[] {cert}))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void refusesARemovedPeerFromTheNextHandshakeOn() throws Exception {
        X509Certificate cert = certOf(ca, A);
        ClusterTrustManager trust = trust(Optional.empty());
        trust.check(new X509Certificate[] {cert});
        removed.add(A);
        assertThatThrownBy(() -> trust.check(new X509Certificate[] {cert}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("removed");
        assertThat(trust.check(new X509Certificate[] {certOf(ca, B)})).isEqualTo(B);
    }

    @Test
    void refusesAnotherPeerThanTheOneCalled() {
        X509Certificate cert = certOf(ca, B);
        assertThatThrownBy(() -> trust(Optional.of(A)).checkServerTrusted(new X509Certificate[] {cert}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("expected");
    }

    @Test
    void refusesNoCertificate() {
        assertThatThrownBy(() -> trust(Optional.empty()).check(new X509Certificate[0]))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> trust(Optional.empty()).check(null)).isInstanceOf(CertificateException.class);
    }
}
