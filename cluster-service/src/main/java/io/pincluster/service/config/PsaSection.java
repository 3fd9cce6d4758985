package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import io.pincluster.rest.psa.PsaConfig;
import java.time.Duration;

/**
 * Section {@code psa}: the IPFS Pinning Service API (decision 0011). Its bearer tokens are the REST API's, so it
 * starts only when {@code restapi.basic_auth_credentials} names users.
 *
 * @param enabled          whether to start it
 * @param listen           where it listens (127.0.0.1:9097, ipfs-cluster's)
 * @param replication      the replication of every pin request: 0 = the cluster's default, -1 = every peer
 * @param maxPinsPerTenant the most pin requests one user may hold (0: no limit); one more is refused with 409
 * @param requestTimeout   the longest a request may take (30s)
 * @param sslCertFile      PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile       PEM (PKCS#8) private key of {@code sslCertFile}
 */
public record PsaSection(boolean enabled, ListenAddress listen, int replication, int maxPinsPerTenant,
                         Duration requestTimeout, String sslCertFile, String sslKeyFile) {
    static final String NAME = "psa";

    public PsaSection {
        requestTimeout = requestTimeout == null ? PsaConfig.DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        Checks c = new Checks(NAME);
        RestApiSection.checkRequestTimeout(c, requestTimeout);
        c.require(listen != null, "listen", "is required")
                .require(replication >= -1, "replication", "must be -1 (every peer), 0 (the cluster's default) or "
                        + "positive, not " + replication)
                .require(maxPinsPerTenant >= 0, "max_pins_per_tenant", "must be 0 (no limit) or positive, not "
                        + maxPinsPerTenant)
                .require((sslCertFile == null) == (sslKeyFile == null), "ssl_cert_file",
                        "and ssl_key_file must be set together")
                .throwIfAny();
    }

    public static PsaSection defaults() {
        return new PsaSection(true, ListenAddress.loopback(PsaConfig.DEFAULT_PORT), 0, 0, null, null, null);
    }

    public PsaSection withListen(ListenAddress newListen) {
        return new PsaSection(enabled, newListen, replication, maxPinsPerTenant, requestTimeout, sslCertFile,
                sslKeyFile);
    }

    public PsaSection withMaxPinsPerTenant(int max) {
        return new PsaSection(enabled, listen, replication, max, requestTimeout, sslCertFile, sslKeyFile);
    }

    public PsaSection withTls(String certFile, String keyFile) {
        return new PsaSection(enabled, listen, replication, maxPinsPerTenant, requestTimeout, certFile, keyFile);
    }

    static PsaSection read(SectionReader r, PsaSection d) {
        return new PsaSection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()),
                r.integer("replication", d.replication()),
                r.integer("max_pins_per_tenant", d.maxPinsPerTenant()),
                r.duration("request_timeout", d.requestTimeout()),
                RestApiSection.emptyToNull(r.string("ssl_cert_file", d.sslCertFile())),
                RestApiSection.emptyToNull(r.string("ssl_key_file", d.sslKeyFile())));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
        o.put("replication", replication);
        o.put("max_pins_per_tenant", maxPinsPerTenant);
        o.put("request_timeout", GoDuration.format(requestTimeout));
        o.put("ssl_cert_file", sslCertFile == null ? "" : sslCertFile); // "": plain HTTP
        o.put("ssl_key_file", sslKeyFile == null ? "" : sslKeyFile);
    }
}
