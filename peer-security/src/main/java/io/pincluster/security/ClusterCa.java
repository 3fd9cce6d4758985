package io.pincluster.security;

import io.pincluster.core.peer.PeerId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authority of one cluster, derived from its secret: {@code HKDF-SHA256(secret, info
 * "pincluster/peer-ca/v1")} gives the ECDSA P-256 private scalar, so every peer that knows the secret holds the
 * same CA and can issue its own certificate without asking anyone. A cluster with another secret has another CA
 * key (and name), so its certificates are refused. The trust anchor is the CA's name and public key; no CA
 * certificate is ever exchanged.
 */
public final class ClusterCa {
    static final String DERIVATION_LABEL = "pincluster/peer-ca/v1";
    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final X500Principal name;
    private final SecureRandom random = new SecureRandom();

    private ClusterCa(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.name = new X500Principal("CN=pincluster peer CA " + fingerprint(publicKey));
    }

    /** The CA of the cluster whose secret is {@code secret} (at least 16 bytes). */
    public static ClusterCa derive(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the cluster secret must be at least 16 bytes");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, DERIVATION_LABEL.getBytes(StandardCharsets.US_ASCII)));
        // 128 bits more than the order, reduced into [1, n-1]: the bias is negligible (FIPS 186-5 A.2.1).
        byte[] okm = new byte[48];
        hkdf.generateBytes(okm, 0, okm.length);
        BigInteger n = PeerKeys.order();
        KeyPair keys = PeerKeys.ofScalar(new BigInteger(1, okm).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        return new ClusterCa(keys.getPrivate(), keys.getPublic());
    }

    /** The CA of the cluster whose secret is written as hex in service.json. */
    public static ClusterCa fromHexSecret(String hexSecret) {
        return derive(HexFormat.of().parseHex(hexSecret));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The issuer name of every certificate this CA signs; it carries the key's fingerprint. */
    public X500Principal name() {
        return name;
    }

    /**
     * A certificate for {@code peer}'s TLS key, valid from {@code notBefore} to {@code notAfter}, naming the
     * peer in a SAN URI ({@link PeerCertificateNames}), usable as TLS server and client.
     */
    public X509Certificate issue(PeerId peer, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a certificate must end after it starts");
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(
                    name.getEncoded()), new BigInteger(127, random).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + peer.value()), subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                    GeneralName.uniformResourceIdentifier, PeerCertificateNames.uriOf(peer))));
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(SIGNATURE).build(privateKey)));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + peer, e);
        }
    }

    private static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterCa[" + name.getName() + "]";
    }
}
