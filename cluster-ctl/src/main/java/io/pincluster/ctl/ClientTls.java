package io.pincluster.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whom the client trusts over HTTPS: the JVM's authorities (default), the certificates of a PEM file
 * ({@code --ca-file}, e.g. the self-signed {@code tls/cert.pem} of {@code pincluster init --tls}), or anyone
 * ({@code --no-check-certificate}, as ipfs-cluster-ctl: no certificate or host name check at all).
 */
final class ClientTls {
    private ClientTls() {
    }

    /** The context for these options, or null for the JVM's default. */
    static SSLContext context(Path caFile, boolean noCheck) {
        try {
            if (noCheck) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAnyone()}, null);
                return ctx;
            }
            if (caFile == null) {
                return null;
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new UsageException("--ca-file " + caFile + " holds no certificate");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UsageException("--ca-file: cannot read " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException("--ca-file " + caFile + ": " + e.getMessage());
        }
    }

    // An extended manager: the JDK then leaves the host name check to it, and it does none.
    private static final class TrustAnyone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
