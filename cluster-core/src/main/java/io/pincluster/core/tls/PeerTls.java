package io.pincluster.core.tls;

import io.pincluster.core.peer.PeerId;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * This peer's side of mutual TLS on every peer link. Both managers are live: a re-issued certificate is
 * presented, and a newly removed peer refused, from the next handshake on, without rebuilding any server or
 * channel. There is no hostname check: a peer is identified by the peer ID in its certificate, not by the
 * address it was reached at (peers sit behind NAT and on loopback).
 */
public interface PeerTls {
    /** Presents this peer's current certificate, as server and as client. */
    X509ExtendedKeyManager keyManager();

    /** Accepts any peer of this cluster that the membership does not refuse (a removed peer is refused). */
    X509ExtendedTrustManager trustManager();

    /**
     * Accepts any peer of this cluster, removed ones included: for a server that decides per call with
     * {@link #admits} (a removed peer may still have to hand over what it holds).
     */
    X509ExtendedTrustManager anyPeerTrustManager();

    /** As {@link #trustManager()}, and the certificate must also name {@code expected}: the client side of a call to that peer. */
    X509ExtendedTrustManager trustManagerFor(PeerId expected);

    /**
     * Whether the membership admits {@code peer} now. The trust managers ask it at each handshake; a server also asks
     * it per call, since a connection opened before a peer was removed outlives the removal.
     */
    boolean admits(PeerId peer);

    /** The peer a chain the trust manager accepted belongs to (empty when it names no peer). */
    Optional<PeerId> peerOf(Certificate[] chain);
}
