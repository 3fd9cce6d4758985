package io.pincluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClusterCaTest {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String OTHER_SECRET = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    static final PeerId PEER = PeerId.ofPublicKeyProto("peer-a".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void theSameSecretGivesTheSameCaEverywhere() {
        ClusterCa one = ClusterCa.fromHexSecret(SECRET);
        ClusterCa two = ClusterCa.derive(HexFormat.of().parseHex(SECRET));
        assertThat(two.publicKey().getEncoded()).isEqualTo(one.publicKey().getEncoded());
        assertThat(two.name()).isEqualTo(one.name());
        assertThat(one.publicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void anotherSecretGivesAnotherCa() {
        ClusterCa one = ClusterCa.fromHexSecret(SECRET);
        ClusterCa other = ClusterCa.fromHexSecret(OTHER_SECRET);
        assertThat(other.publicKey().getEncoded()).isNotEqualTo(one.publicKey().getEncoded());
        assertThat(other.name()).isNotEqualTo(one.name());
    }

    /** The derivation is part of the wire contract: peers of different builds must derive the same CA. */
    @Test
    void theDerivationIsPinned() {
        assertThat(ClusterCa.fromHexSecret(SECRET).name().getName()).isEqualTo("CN=pincluster peer CA 278fe7000d349d03");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> ClusterCa.derive(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIssuedCertificateIsSignedByTheCaNamesThePeerAndIsBounded() throws Exception {
        ClusterCa ca = ClusterCa.fromHexSecret(SECRET);
        KeyPair keys = PeerKeys.generate();
        X509Certificate cert = ca.issue(PEER, keys.getPublic(), NOW, NOW.plus(Duration.ofDays(30)));

        cert.verify(ca.publicKey());
        assertThatThrownBy(() -> cert.verify(ClusterCa.fromHexSecret(OTHER_SECRET).publicKey()))
                .isInstanceOf(SignatureException.class);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.name());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(PeerCertificateNames.peerOf(cert)).contains(PEER);
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(ca.issue(PEER, keys.getPublic(), NOW, NOW.plusSeconds(60)).getSerialNumber())
                .as("every certificate its own serial").isNotEqualTo(cert.getSerialNumber());
        assertThatThrownBy(() -> ca.issue(PEER, keys.getPublic(), NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
