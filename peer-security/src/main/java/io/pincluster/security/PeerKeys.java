package io.pincluster.security;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;

/** The one key type of the peer links: ECDSA on P-256 (small, fast handshakes, in every JDK). */
final class PeerKeys {
    private PeerKeys() {
    }

    private static final String CURVE = "secp256r1";

    static ECParameterSpec curveParameters() throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(CURVE));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    /** The key pair of the private scalar {@code d} (its public point is {@code d·G}). */
    static KeyPair ofScalar(BigInteger d) {
        org.bouncycastle.math.ec.ECPoint q = ECNamedCurveTable.getParameterSpec(CURVE).getG().multiply(d).normalize();
        try {
            ECParameterSpec params = curveParameters();
            KeyFactory factory = KeyFactory.getInstance("EC");
            return new KeyPair(factory.generatePublic(new ECPublicKeySpec(new ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), params)),
                    factory.generatePrivate(new ECPrivateKeySpec(d, params)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always supports EC P-256", e);
        }
    }

    /** The order of the curve's base point. */
    static BigInteger order() {
        return ECNamedCurveTable.getParameterSpec(CURVE).getN();
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always supports EC P-256", e);
        }
    }
}
