package io.pincluster.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.peer.PeerId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class PeerCertificateNamesTest {
    private static final PeerId A = PeerId.ofPublicKeyProto("a".getBytes(StandardCharsets.UTF_8));
    private static final PeerId B = PeerId.ofPublicKeyProto("b".getBytes(StandardCharsets.UTF_8));
    private final KeyPair keys = PeerKeys.generate();

    @Test
    void thePeerIsTheOnePeerUri() throws Exception {
        assertThat(PeerCertificateNames.peerOf(certificate(uri("pincluster:peer:" + A),
                uri("https://example.org/x"), new GeneralName(GeneralName.dNSName, "localhost")))).contains(A);
    }

    @Test
    void noPeerUriNamesNoPeer() throws Exception {
        assertThat(PeerCertificateNames.peerOf(certificate())).isEmpty();
        assertThat(PeerCertificateNames.peerOf(certificate(uri("https://example.org/" + A)))).isEmpty();
        assertThat(PeerCertificateNames.peerOf(certificate(new GeneralName(GeneralName.dNSName, A.value()))))
                .as("a DNS name is not a peer ID").isEmpty();
    }

    @Test
    void twoPeersOrAMalformedOneNameNoPeer() throws Exception {
        assertThat(PeerCertificateNames.peerOf(certificate(uri("pincluster:peer:" + A), uri("pincluster:peer:" + B))))
                .isEmpty();
        assertThat(PeerCertificateNames.peerOf(certificate(uri("pincluster:peer:not-a-peer-id!")))).isEmpty();
        assertThat(PeerCertificateNames.peerOf(certificate(uri("pincluster:peer:")))).isEmpty();
    }

    private static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }

    private X509Certificate certificate(GeneralName... sans) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test"), BigInteger.TEN,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=test"), keys.getPublic());
        if (sans.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
