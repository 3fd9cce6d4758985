package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Section {@code ipfsproxy}: Kubo's {@code /api/v0} acting on the cluster (docs/proxy.md). It takes the REST API's
 * users, roles and tokens, body limits and timeouts. Off by default, like {@code metrics}: it is one more port that
 * changes the pinset, and peers sharing a machine would all want 9095 ({@code pincluster up} turns it on at REST + 1).
 *
 * @param enabled     whether to serve it
 * @param listen      where it listens (127.0.0.1:9095, ipfs-cluster's proxy port)
 * @param sslCertFile PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile  PEM (PKCS#8) private key of {@code sslCertFile}
 */
public record IpfsProxySection(boolean enabled, ListenAddress listen, String sslCertFile, String sslKeyFile) {
    static final String NAME = "ipfsproxy";

    public IpfsProxySection {
        new Checks(NAME).require(listen != null, "listen", "is required")
                .require((sslCertFile == null) == (sslKeyFile == null), "ssl_cert_file",
                        "and ssl_key_file must be set together")
                .throwIfAny();
    }

    /** Plain HTTP. */
    public IpfsProxySection(boolean enabled, ListenAddress listen) {
        this(enabled, listen, null, null);
    }

    public static IpfsProxySection defaults() {
        return new IpfsProxySection(false, ListenAddress.loopback(9095));
    }

    public IpfsProxySection withListen(ListenAddress newListen) {
        return new IpfsProxySection(enabled, newListen, sslCertFile, sslKeyFile);
    }

    public IpfsProxySection withEnabled(boolean on) {
        return new IpfsProxySection(on, listen, sslCertFile, sslKeyFile);
    }

    public IpfsProxySection withTls(String certFile, String keyFile) {
        return new IpfsProxySection(enabled, listen, certFile, keyFile);
    }

    static IpfsProxySection read(SectionReader r, IpfsProxySection d) {
        return new IpfsProxySection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()),
                RestApiSection.emptyToNull(r.string("ssl_cert_file", d.sslCertFile())),
                RestApiSection.emptyToNull(r.string("ssl_key_file", d.sslKeyFile())));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
        o.put("ssl_cert_file", sslCertFile == null ? "" : sslCertFile); // "": plain HTTP
        o.put("ssl_key_file", sslKeyFile == null ? "" : sslKeyFile);
    }
}
