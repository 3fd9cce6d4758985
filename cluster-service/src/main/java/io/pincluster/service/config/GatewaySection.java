package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import io.pincluster.gateway.GatewayConfig;
import java.time.Duration;

/**
 * Section {@code gateway}: the read-only {@code /ipfs/<cid>} HTTP gateway.
 *
 * @param enabled   whether to start it (when this build has a gateway)
 * @param listen    where it listens (8080)
 * @param cacheSize the most bytes of blocks kept that the gateway fetched from other peers (256MiB); 0 keeps none,
 *                  so every read of content this peer does not hold fetches again
 * @param sslCertFile PEM certificate chain: with {@code sslKeyFile}, serve HTTPS; null = plain HTTP
 * @param sslKeyFile  PEM (PKCS#8) private key of {@code sslCertFile}
 * @param requestTimeout the longest a request may take before its body starts streaming (1m; 503 when over)
 * @param hotCacheSize the most bytes of verified blocks kept in memory for the next reads (64MiB); 0 keeps none, so
 *                     every read comes from disk and is hashed again
 */
public record GatewaySection(boolean enabled, ListenAddress listen, long cacheSize, String sslCertFile,
                             String sslKeyFile, Duration requestTimeout, long hotCacheSize) {
    static final String NAME = "gateway";
    public static final long DEFAULT_CACHE_SIZE = 256L << 20;
    public static final long DEFAULT_HOT_CACHE_SIZE = 64L << 20;

    /** With the default in-memory cache. */
    public GatewaySection(boolean enabled, ListenAddress listen, long cacheSize, String sslCertFile,
                          String sslKeyFile, Duration requestTimeout) {
        this(enabled, listen, cacheSize, sslCertFile, sslKeyFile, requestTimeout, DEFAULT_HOT_CACHE_SIZE);
    }

    public GatewaySection {
        requestTimeout = requestTimeout == null ? GatewayConfig.DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        Checks c = new Checks(NAME);
        RestApiSection.checkRequestTimeout(c, requestTimeout);
        c.require(listen != null, "listen", "is required")
                .require(cacheSize >= 0, "cache_size", "must be a size (0 turns the cache off), not " + cacheSize)
                .require(hotCacheSize >= 0, "hot_cache_size",
                        "must be a size (0 turns the in-memory cache off), not " + hotCacheSize)
                .require((sslCertFile == null) == (sslKeyFile == null), "ssl_cert_file",
                        "and ssl_key_file must be set together")
                .throwIfAny();
    }

    /** Plain HTTP. */
    public GatewaySection(boolean enabled, ListenAddress listen, long cacheSize) {
        this(enabled, listen, cacheSize, null, null, null);
    }

    public static GatewaySection defaults() {
        return new GatewaySection(true, ListenAddress.loopback(8080), DEFAULT_CACHE_SIZE);
    }

    public GatewaySection withListen(ListenAddress newListen) {
        return new GatewaySection(enabled, newListen, cacheSize, sslCertFile, sslKeyFile, requestTimeout, hotCacheSize);
    }

    /** The same gateway keeping at most {@code bytes} of fetched blocks (0: none). */
    public GatewaySection withCacheSize(long bytes) {
        return new GatewaySection(enabled, listen, bytes, sslCertFile, sslKeyFile, requestTimeout, hotCacheSize);
    }

    /** The same gateway keeping at most {@code bytes} of verified blocks in memory (0: none). */
    public GatewaySection withHotCacheSize(long bytes) {
        return new GatewaySection(enabled, listen, cacheSize, sslCertFile, sslKeyFile, requestTimeout, bytes);
    }

    public GatewaySection withTls(String certFile, String keyFile) {
        return new GatewaySection(enabled, listen, cacheSize, certFile, keyFile, requestTimeout, hotCacheSize);
    }

    public GatewaySection withRequestTimeout(Duration timeout) {
        return new GatewaySection(enabled, listen, cacheSize, sslCertFile, sslKeyFile, timeout, hotCacheSize);
    }

    static GatewaySection read(SectionReader r, GatewaySection d) {
        return new GatewaySection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()),
                r.size("cache_size", d.cacheSize()),
                RestApiSection.emptyToNull(r.string("ssl_cert_file", d.sslCertFile())),
                RestApiSection.emptyToNull(r.string("ssl_key_file", d.sslKeyFile())),
                r.duration("request_timeout", d.requestTimeout()),
                r.size("hot_cache_size", d.hotCacheSize()));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
        o.put("cache_size", DataSize.format(cacheSize));
        o.put("hot_cache_size", DataSize.format(hotCacheSize));
        o.put("ssl_cert_file", sslCertFile == null ? "" : sslCertFile); // "": plain HTTP
        o.put("ssl_key_file", sslKeyFile == null ? "" : sslKeyFile);
        o.put("request_timeout", GoDuration.format(requestTimeout));
    }
}
