package io.pincluster.service.identity;

import io.pincluster.core.peer.PeerId;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * A peer's Ed25519 key pair and the libp2p peer ID derived from it. Uses only the JDK's Ed25519 provider.
 *
 * <p>The JDK encodes Ed25519 keys as fixed-size DER: X.509 SubjectPublicKeyInfo is a 12-byte header plus the 32-byte
 * raw key; PKCS#8 is a 16-byte header plus the 32-byte seed. We convert between those and libp2p's raw forms by
 * adding or removing the headers, which never vary for Ed25519 (RFC 8410).
 */
public final class PeerIdentity {
    private static final int RAW_KEY_LENGTH = 32;
    private static final byte[] X509_HEADER = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_HEADER = hex("302e020100300506032b657004220420");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] seed;
    private final byte[] rawPublicKey;
    private final PeerId peerId;

    private PeerIdentity(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.seed = lastBytes(privateKey.getEncoded(), RAW_KEY_LENGTH);
        this.rawPublicKey = lastBytes(publicKey.getEncoded(), RAW_KEY_LENGTH);
        this.peerId = PeerId.ofPublicKeyProto(publicKeyProto());
    }

    /** A fresh random identity. */
    public static PeerIdentity generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new PeerIdentity(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IdentityException("this JDK cannot generate Ed25519 keys", e);
        }
    }

    /**
     * Reads a libp2p {@code PrivateKey} protobuf holding an Ed25519 key as libp2p writes it: 64 bytes, the 32-byte
     * seed followed by the 32-byte public key. The public half is checked against the seed with a signature.
     */
    public static PeerIdentity fromPrivateKeyProto(byte[] proto) {
        byte[] data = Libp2pKeyProto.decodeEd25519(proto, 2 * RAW_KEY_LENGTH, "private key");
        byte[] seed = Arrays.copyOfRange(data, 0, RAW_KEY_LENGTH);
        byte[] pub = Arrays.copyOfRange(data, RAW_KEY_LENGTH, 2 * RAW_KEY_LENGTH);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_HEADER, seed)));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(concat(X509_HEADER, pub)));
            PeerIdentity identity = new PeerIdentity(priv, publicKey);
            identity.checkKeysMatch();
            return identity;
        } catch (GeneralSecurityException e) {
            throw new IdentityException("private key is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    public PeerId peerId() {
        return peerId;
    }

    /** The libp2p {@code PublicKey} protobuf (36 bytes), which the peer ID is the identity multihash of. */
    public byte[] publicKeyProto() {
        return Libp2pKeyProto.encode(Libp2pKeyProto.KEY_TYPE_ED25519, rawPublicKey);
    }

    /** The libp2p {@code PrivateKey} protobuf: seed then public key, 64 bytes of data (go-libp2p's format). */
    public byte[] privateKeyProto() {
        return Libp2pKeyProto.encode(Libp2pKeyProto.KEY_TYPE_ED25519, concat(seed, rawPublicKey));
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IdentityException("signing failed", e);
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // A file whose public half was edited would otherwise yield a peer ID that cannot sign for itself.
    private void checkKeysMatch() {
        byte[] probe = peerId.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!verify(probe, sign(probe))) {
            throw new IdentityException("private key: the public key does not belong to the seed");
        }
    }

    @Override
    public String toString() {
        return "PeerIdentity[" + peerId + "]"; // never the key
    }

    private static byte[] lastBytes(byte[] encoded, int n) {
        return Arrays.copyOfRange(encoded, encoded.length - n, encoded.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
