package io.pincluster.service.exchange;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway cache's meters, read from the cache at scrape time: {@code pincluster_gateway_cache_bytes},
 * {@code _blocks} and {@code _max_bytes} (gauges), {@code _hits_total}, {@code _misses_total} and
 * {@code _evictions_total} (counters; a miss is a block neither the store nor the cache held, so it was fetched).
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
}
