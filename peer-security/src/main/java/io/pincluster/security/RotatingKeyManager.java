package io.pincluster.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this peer's current certificate in every handshake, server or client side. {@link #use} swaps it for
 * the next handshakes; each certificate gets its own alias (its serial number), so a TLS stack that caches key
 * material by alias never serves the old one under the new name. The previous one stays resolvable for a
 * handshake that chose its alias just before the swap.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
    private record Material(String alias, PrivateKey key, X509Certificate certificate) {
    }

    private volatile Material current;
    private volatile Material previous;

    RotatingKeyManager(PrivateKey key, X509Certificate certificate) {
        this.current = material(key, certificate);
    }

    void use(PrivateKey key, X509Certificate certificate) {
        Material next = material(key, certificate);
        synchronized (this) {
            previous = current;
            current = next;
        }
    }

    X509Certificate certificate() {
        return current.certificate();
    }

    private static Material material(PrivateKey key, X509Certificate certificate) {
        return new Material("peer-" + certificate.getSerialNumber().toString(16), key, certificate);
    }

    private Material find(String alias) {
        Material now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        Material before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    private String aliasFor(String... keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        String algorithm = current.key().getAlgorithm(); // "EC"
        return Arrays.stream(keyTypes).anyMatch(t -> t != null && t.startsWith(algorithm)) ? current.alias() : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Material m = find(alias);
        return m == null ? null : new X509Certificate[] {m.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Material m = find(alias);
        return m == null ? null : m.key();
    }
}
