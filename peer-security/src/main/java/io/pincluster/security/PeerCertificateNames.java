package io.pincluster.security;

import io.pincluster.core.peer.PeerId;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** How a peer's certificate names its peer: one SAN URI {@code pincluster:peer:<peerId>}. */
public final class PeerCertificateNames {
    static final String URI_PREFIX = "pincluster:peer:";
    private static final int SAN_URI = 6;

    private PeerCertificateNames() {
    }

    static String uriOf(PeerId peer) {
        return URI_PREFIX + peer.value();
    }

    /** The peer {@code certificate} names; empty when it names none, several, or a malformed one. */
    public static Optional<PeerId> peerOf(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<PeerId> peers = new ArrayList<>();
        for (List<?> name : names) {
            if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0))
                    && name.get(1) instanceof String uri && uri.startsWith(URI_PREFIX)) {
                try {
                    peers.add(PeerId.parse(uri.substring(URI_PREFIX.length())));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return peers.size() == 1 ? Optional.of(peers.get(0)) : Optional.empty();
    }
}
