package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Section {@code gateway}: the read-only {@code /ipfs/<cid>} HTTP gateway.
 *
 * @param enabled   whether to start it (when this build has a gateway)
 * @param listen    where it listens (8080)
 * @param cacheSize the most bytes of blocks kept that the gateway fetched from other peers (256MiB); 0 keeps none,
 *                  so every read of content this peer does not hold fetches again
 */
public record GatewaySection(boolean enabled, ListenAddress listen, long cacheSize) {
    static final String NAME = "gateway";
    public static final long DEFAULT_CACHE_SIZE = 256L << 20;

    public GatewaySection {
        new Checks(NAME).require(listen != null, "listen", "is required")
                .require(cacheSize >= 0, "cache_size", "must be a size (0 turns the cache off), not " + cacheSize)
                .throwIfAny();
    }

    public static GatewaySection defaults() {
        return new GatewaySection(true, ListenAddress.loopback(8080), DEFAULT_CACHE_SIZE);
    }

    public GatewaySection withListen(ListenAddress newListen) {
        return new GatewaySection(enabled, newListen, cacheSize);
    }

    /** The same gateway keeping at most {@code bytes} of fetched blocks (0: none). */
    public GatewaySection withCacheSize(long bytes) {
        return new GatewaySection(enabled, listen, bytes);
    }

    static GatewaySection read(SectionReader r, GatewaySection d) {
        return new GatewaySection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()),
                r.size("cache_size", d.cacheSize()));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
        o.put("cache_size", DataSize.format(cacheSize));
    }
}
