package io.pincluster.security;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's TLS identity: its key (made once, kept in its folder), a certificate for its peer ID issued by the
 * cluster CA, re-issued when less than a third of its validity remains (at start and by a timer), and the live
 * key and trust managers every peer link uses. A re-issued certificate is presented from the next handshake on;
 * nothing is restarted.
 */
public final class PeerTlsIdentity implements PeerTls, AutoCloseable {
    /** How long a certificate is valid; short, since re-issuing costs nothing and needs no one else. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
    /** Peers' clocks differ a little: a certificate is valid from slightly before it was issued. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(PeerTlsIdentity.class);

    private final PeerId self;
    private final ClusterCa ca;
    private final PeerTlsFiles files;
    private final KeyPair keys;
    private final Predicate<PeerId> admitted;
    private final Clock clock;
    private final Duration validity;
    private final RotatingKeyManager keyManager;
    private final ClusterTrustManager trustManager;
    private final ClusterTrustManager anyPeer;
    private ScheduledExecutorService timer;

    private PeerTlsIdentity(PeerId self, ClusterCa ca, PeerTlsFiles files, Predicate<PeerId> admitted, Clock clock,
                            Duration validity) {
        this.self = self;
        this.ca = ca;
        this.files = files;
        this.admitted = admitted;
        this.clock = clock;
        this.validity = validity;
        this.keys = files.loadOrCreateKey();
        X509Certificate usable = files.loadCertificate().filter(this::fitsAndNotDue).orElseGet(this::issueAndSave);
        this.keyManager = new RotatingKeyManager(keys.getPrivate(), usable);
        this.trustManager = new ClusterTrustManager(ca.name(), ca.publicKey(), clock, admitted, Optional.empty());
        this.anyPeer = new ClusterTrustManager(ca.name(), ca.publicKey(), clock, peer -> true, Optional.empty());
    }

    /**
     * The identity of {@code self} in the cluster of {@code ca}, its files in {@code folder} (created as needed).
     *
     * @param admitted whether a peer may connect at all (the membership refuses removed peers)
     */
    public static PeerTlsIdentity open(PeerId self, ClusterCa ca, Path folder, Predicate<PeerId> admitted,
                                       Clock clock, Duration validity) {
        if (validity.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("certificate validity must be at least a minute, not " + validity);
        }
        return new PeerTlsIdentity(Objects.requireNonNull(self, "self"), Objects.requireNonNull(ca, "ca"),
                new PeerTlsFiles(folder), Objects.requireNonNull(admitted, "admitted"), clock, validity);
    }

    /** With the default validity on the system clock. */
    public static PeerTlsIdentity open(PeerId self, ClusterCa ca, Path folder, Predicate<PeerId> admitted) {
        return open(self, ca, folder, admitted, Clock.systemUTC(), DEFAULT_VALIDITY);
    }

    /** Checks every {@code period} whether the certificate is due, and re-issues it then. Once. */
    public synchronized void startRenewal(Duration period) {
        if (timer != null) {
            throw new IllegalStateException("renewal already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-tls-renewal");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                renewIfDue();
            } catch (RuntimeException e) {
                LOG.warn("could not re-issue this peer's TLS certificate; will retry", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-issues the certificate when less than a third of its validity remains; whether it did. */
    public synchronized boolean renewIfDue() {
        if (!isDue(keyManager.certificate())) {
            return false;
        }
        X509Certificate next = issueAndSave();
        keyManager.use(keys.getPrivate(), next);
        LOG.info("re-issued this peer's TLS certificate, valid until {}", next.getNotAfter().toInstant());
        return true;
    }

    /** The certificate presented now. */
    public X509Certificate certificate() {
        return keyManager.certificate();
    }

    @Override
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    @Override
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    @Override
    public X509ExtendedTrustManager anyPeerTrustManager() {
        return anyPeer;
    }

    @Override
    public X509ExtendedTrustManager trustManagerFor(PeerId expected) {
        return new ClusterTrustManager(ca.name(), ca.publicKey(), clock, admitted,
                Optional.of(Objects.requireNonNull(expected, "expected")));
    }

    @Override
    public boolean admits(PeerId peer) {
        return admitted.test(peer);
    }

    @Override
    public Optional<PeerId> peerOf(Certificate[] chain) {
        return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf
                ? PeerCertificateNames.peerOf(leaf) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private X509Certificate issueAndSave() {
        Instant now = clock.instant();
        X509Certificate cert = ca.issue(self, keys.getPublic(), now.minus(BACKDATE), now.plus(validity));
        files.saveCertificate(cert);
        return cert;
    }

    /** A stored certificate is kept only if this CA issued it, for this peer and key, and it is not yet due. */
    private boolean fitsAndNotDue(X509Certificate cert) {
        try {
            cert.verify(ca.publicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        return cert.getPublicKey().equals(keys.getPublic())
                && PeerCertificateNames.peerOf(cert).filter(self::equals).isPresent()
                && !isDue(cert);
    }

    private boolean isDue(X509Certificate cert) {
        Instant now = clock.instant();
        Instant end = cert.getNotAfter().toInstant();
        return now.isBefore(cert.getNotBefore().toInstant()) || now.plus(validity.dividedBy(3)).isAfter(end);
    }

    @Override
    public String toString() {
        return "PeerTlsIdentity[" + self + ", " + ca + "]";
    }
}
