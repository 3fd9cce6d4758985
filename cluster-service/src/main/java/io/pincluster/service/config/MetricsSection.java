package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Section {@code metrics}: the Prometheus scrape endpoint ({@code /metrics}). It takes the REST API's users
 * (any role); with none configured it is open, which is why it listens on loopback by default.
 *
 * @param enabled     whether to serve it
 * @param listen      where it listens (127.0.0.1:8888)
 * @param sslCertFile PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile  PEM (PKCS#8) private key of {@code sslCertFile}
 */
public record MetricsSection(boolean enabled, ListenAddress listen, String sslCertFile, String sslKeyFile) {
    static final String NAME = "metrics";

    public MetricsSection {
        new Checks(NAME).require(listen != null, "listen", "is required")
                .require((sslCertFile == null) == (sslKeyFile == null), "ssl_cert_file",
                        "and ssl_key_file must be set together")
                .throwIfAny();
    }

    /** Plain HTTP. */
    public MetricsSection(boolean enabled, ListenAddress listen) {
        this(enabled, listen, null, null);
    }

    public static MetricsSection defaults() {
        return new MetricsSection(false, ListenAddress.loopback(8888));
    }

    public MetricsSection withListen(ListenAddress newListen) {
        return new MetricsSection(enabled, newListen, sslCertFile, sslKeyFile);
    }

    public MetricsSection withTls(String certFile, String keyFile) {
        return new MetricsSection(enabled, listen, certFile, keyFile);
    }

    static MetricsSection read(SectionReader r, MetricsSection d) {
        return new MetricsSection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()),
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
