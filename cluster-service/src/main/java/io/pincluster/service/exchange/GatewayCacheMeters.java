package io.pincluster.service.exchange;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway cache's meters, read from the cache at scrape time: {@code pincluster_gateway_cache_bytes},
 * {@code _blocks} and {@code _max_bytes} (gauges), {@code _hits_total}, {@code _misses_total} and
 * {@code _evictions_total} (counters; a miss is a block neither the store nor the cache held, so it was fetched);
 * and the in-memory cache of verified blocks: {@code pincluster_gateway_hot_cache_bytes}, {@code _max_bytes},
 * {@code _hits_total} and {@code _misses_total} (a miss read the block from disk and hashed it).
 */
public final class GatewayCacheMeters {
    private GatewayCacheMeters() {
    }

    public static void register(MeterRegistry registry, GatewayBlockCache cache) {
        Gauge.builder("pincluster.gateway.cache.bytes", cache, GatewayBlockCache::bytes)
                .description("bytes of blocks the gateway keeps that it fetched from other peers").register(registry);
        Gauge.builder("pincluster.gateway.cache.max.bytes", cache, GatewayBlockCache::maxBytes)
                .description("the most bytes the gateway cache keeps (gateway.cache_size)").register(registry);
        Gauge.builder("pincluster.gateway.cache.blocks", cache, GatewayBlockCache::blocks)
                .description("blocks in the gateway cache").register(registry);
        FunctionCounter.builder("pincluster.gateway.cache.hits", cache, c -> c.stats().hitCount())
                .description("gateway reads of blocks not in the store that the cache served").register(registry);
        FunctionCounter.builder("pincluster.gateway.cache.misses", cache, c -> c.stats().missCount())
                .description("gateway reads of blocks neither the store nor the cache held (fetched from peers)")
                .register(registry);
        FunctionCounter.builder("pincluster.gateway.cache.evictions", cache, c -> c.stats().evictionCount())
                .description("blocks dropped from the gateway cache to stay within its size").register(registry);
    }

    public static void register(MeterRegistry registry, HotBlocks hot) {
        Gauge.builder("pincluster.gateway.hot.cache.bytes", hot, HotBlocks::bytes)
                .description("bytes of verified blocks the gateway keeps in memory").register(registry);
        Gauge.builder("pincluster.gateway.hot.cache.max.bytes", hot, HotBlocks::maxBytes)
                .description("the most bytes kept in memory (gateway.hot_cache_size)").register(registry);
        FunctionCounter.builder("pincluster.gateway.hot.cache.hits", hot, h -> h.stats().hitCount())
                .description("gateway block reads served from memory, not hashed again").register(registry);
        FunctionCounter.builder("pincluster.gateway.hot.cache.misses", hot, h -> h.stats().missCount())
                .description("gateway block reads that went to disk (or to a peer)").register(registry);
    }
}
