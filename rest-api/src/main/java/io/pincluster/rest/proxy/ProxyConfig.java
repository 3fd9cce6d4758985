package io.pincluster.rest.proxy;

import java.nio.file.Path;

/**
 * Where the IPFS proxy listens; body limits, timeouts and users are the REST API's ({@code restapi.*}).
 *
 * @param sslCertFile PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile  PEM (PKCS#8) private key of {@code sslCertFile}
 */
public record ProxyConfig(String host, int port, Path sslCertFile, Path sslKeyFile) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** ipfs-cluster's {@code ipfsproxy.listen_multiaddress} port. */
    public static final int DEFAULT_PORT = 9095;

    public ProxyConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("ipfsproxy listen host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ipfsproxy listen port must be 0-65535, not " + port);
        }
        if ((sslCertFile == null) != (sslKeyFile == null)) {
            throw new IllegalArgumentException("ipfsproxy ssl_cert_file and ssl_key_file go together");
        }
    }

    public static ProxyConfig plain(String host, int port) {
        return new ProxyConfig(host, port, null, null);
    }
}
