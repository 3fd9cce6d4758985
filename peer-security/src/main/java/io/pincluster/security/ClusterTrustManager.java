package io.pincluster.security;

import io.pincluster.core.peer.PeerId;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Accepts a peer of this cluster: its certificate must be issued by the cluster CA and valid now (the JDK's PKIX
 * validator, anchored at the CA's name and public key), name exactly one peer, that peer must be admitted by the
 * membership (a removed peer is not), and, on the client side of a call to a given peer, be that peer. An
 * {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain X509TrustManager with a hostname check, and
 * a peer is identified by its peer ID, not by the address it was reached at.
 */
final class ClusterTrustManager extends X509ExtendedTrustManager {
    private final TrustAnchor anchor;
    private final Clock clock;
    private final Predicate<PeerId> admitted;
    private final Optional<PeerId> expected;

    ClusterTrustManager(X500Principal caName, PublicKey caKey, Clock clock, Predicate<PeerId> admitted,
                        Optional<PeerId> expected) {
        this.anchor = new TrustAnchor(caName, caKey, null);
        this.clock = clock;
        this.admitted = admitted;
        this.expected = expected;
    }

    /** The peer {@code chain} belongs to, when it is acceptable; why not otherwise. */
    PeerId check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate presented");
        }
        X509Certificate leaf = chain[0];
        try {
            PKIXParameters params = new PKIXParameters(Set.of(anchor));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("not a valid certificate of this cluster (another cluster secret, "
                    + "or expired): " + e.getMessage(), e);
        }
        PeerId peer = PeerCertificateNames.peerOf(leaf).orElseThrow(() -> new CertificateException(
                "the certificate names no peer"));
        if (!admitted.test(peer)) {
            throw new CertificateException("peer " + peer + " is not admitted (removed from the cluster)");
        }
        if (expected.isPresent() && !expected.get().equals(peer)) {
            throw new CertificateException("reached peer " + peer + " where " + expected.get() + " was expected");
        }
        return peer;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // Nothing is advertised: the anchor is a key, not a certificate, and each peer has exactly one certificate.
        return new X509Certificate[0];
    }
}
