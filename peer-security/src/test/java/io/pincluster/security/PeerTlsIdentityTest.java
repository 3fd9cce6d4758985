package io.pincluster.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.peer.PeerId;
import io.pincluster.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerTlsIdentityTest {
    private static final PeerId PEER = ClusterCaTest.PEER;
    private static final Duration VALIDITY = Duration.ofDays(30);
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final ClusterCa ca = ClusterCa.fromHexSecret(ClusterCaTest.SECRET);

    private PeerTlsIdentity open(ClusterCa authority) {
        return PeerTlsIdentity.open(PEER, authority, dir, p -> true, clock, VALIDITY);
    }

    @Test
    void theKeyIsMadeOnceOwnerOnlyAndTheCertificateKeptWhileNotDue() throws Exception {
        X509Certificate first;
        try (PeerTlsIdentity identity = open(ca)) {
            first = identity.certificate();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("peer.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("peer.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PeerCertificateNames.peerOf(first)).contains(PEER);

        clock.advance(Duration.ofDays(10));
        try (PeerTlsIdentity again = open(ca)) {
            assertThat(again.certificate()).as("two thirds left: kept").isEqualTo(first);
        }
        clock.advance(Duration.ofDays(11));
        try (PeerTlsIdentity later = open(ca)) {
            assertThat(later.certificate()).as("re-issued at start").isNotEqualTo(first);
            assertThat(later.certificate().getPublicKey()).as("for the same key").isEqualTo(first.getPublicKey());
        }
    }

    @Test
    void anotherClusterSecretGetsACertificateOfItsCa() throws Exception {
        try (PeerTlsIdentity identity = open(ca)) {
            identity.certificate().verify(ca.publicKey());
        }
        ClusterCa other = ClusterCa.fromHexSecret(ClusterCaTest.OTHER_SECRET);
        try (PeerTlsIdentity moved = open(other)) {
            moved.certificate().verify(other.publicKey());
        }
    }

    @Test
    void renewalSwapsTheCertificateTheKeyManagerPresents() {
        try (PeerTlsIdentity identity = open(ca)) {
            X509Certificate first = identity.certificate();
            String alias = identity.keyManager().chooseEngineServerAlias("EC", null, null);
            assertThat(identity.keyManager().getCertificateChain(alias)).containsExactly(first);
            assertThat(identity.keyManager().chooseEngineServerAlias("RSA", null, null)).isNull();

            clock.advance(Duration.ofDays(19));
            assertThat(identity.renewIfDue()).isFalse();
            clock.advance(Duration.ofDays(2));
            assertThat(identity.renewIfDue()).isTrue();
            assertThat(identity.renewIfDue()).as("once").isFalse();

            X509Certificate second = identity.certificate();
            assertThat(second.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(VALIDITY));
            String newAlias = identity.keyManager().chooseEngineClientAlias(new String[] {"EC"}, null, null);
            assertThat(newAlias).isNotEqualTo(alias);
            assertThat(identity.keyManager().getCertificateChain(newAlias)).containsExactly(second);
            assertThat(identity.keyManager().getCertificateChain(alias))
                    .as("a handshake that chose the old alias just before still completes").containsExactly(first);
            assertThat(identity.keyManager().getPrivateKey(newAlias)).isNotNull();
        }
    }
}
