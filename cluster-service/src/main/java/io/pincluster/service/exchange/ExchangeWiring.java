package io.pincluster.service.exchange;

import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.service.connector.ContentExchange;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.tracker.ContentPinner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The block exchange's parts for one peer with an embedded store, built together so they share one fetcher: the
 * tracker's pinner, the {@code /add} push and the gateway's content source (and its cache of fetched blocks, which
 * the pinner reads too).
 */
public final class ExchangeWiring implements ContentExchange {
    private final BlockFetcher fetcher;
    private final BlockPusher pusher;
    private final FetchingPinner pinner;
    private final PeerFallbackContentSource gatewaySource;
    private final GatewayBlockCache cache;
    private final HotBlocks hot;

    private final PeerId self;

    private ExchangeWiring(PeerId self, BlockFetcher fetcher, BlockPusher pusher, FetchingPinner pinner,
                           PeerFallbackContentSource gatewaySource, GatewayBlockCache cache, HotBlocks hot) {
        this.self = self;
        this.cache = cache;
        this.hot = hot;
        this.fetcher = fetcher;
        this.pusher = pusher;
        this.pinner = pinner;
        this.gatewaySource = gatewaySource;
    }

    /**
     * Opens the gateway's cache in the store's folder and builds the parts around it.
     *
     * @param members          the cluster's members (the last resort when looking for blocks)
     * @param gatewayCacheSize most bytes of fetched blocks the gateway keeps ({@code gateway.cache_size}; 0: none)
     * @param hotCacheSize     most bytes of verified blocks the gateway keeps in memory ({@code gateway.hot_cache_size})
     * @param fetchParallelism blocks of one pin fetched at once ({@code pin_tracker.fetch_concurrency})
     * @param maxFetches       pins fetched at once ({@code pin_tracker.concurrency})
     * @param fetchPeers       the most peers one attempt at a pin asks ({@code pin_tracker.fetch_peers})
     */
    public static ExchangeWiring forEmbedded(PeerId self, EmbeddedConnector embedded, PeerRpc rpc,
                                             PinSetView pinset, Supplier<Collection<PeerId>> members,
                                             long gatewayCacheSize, long hotCacheSize, int fetchParallelism,
                                             int maxFetches, int fetchPeers)
            throws IOException {
        return forEmbedded(self, embedded, rpc, pinset, members, gatewayCacheSize, hotCacheSize, fetchParallelism,
                maxFetches, fetchPeers, ColdBlocks.NONE, false);
    }

    /**
     * As above, with the cold tier's archives as the last resort (decision 0019): the gateway reads a block no peer
     * has from its archive, and with {@code coldRestoresPins} the tracker restores a pin no peer has from its
     * archive.
     */
    public static ExchangeWiring forEmbedded(PeerId self, EmbeddedConnector embedded, PeerRpc rpc,
                                             PinSetView pinset, Supplier<Collection<PeerId>> members,
                                             long gatewayCacheSize, long hotCacheSize, int fetchParallelism,
                                             int maxFetches, int fetchPeers, ColdBlocks cold,
                                             boolean coldRestoresPins)
            throws IOException {
        HotBlocks hot = new HotBlocks(hotCacheSize);
        int maxBlockSize = embedded.store().config().maxBlockSize();
        DagPbLinkReader links = new DagPbLinkReader(maxBlockSize);
        GatewayBlockCache cache = GatewayBlockCache.open(
                embedded.store().config().root().resolve(GatewayBlockCache.FOLDER), gatewayCacheSize, maxBlockSize,
                links);
        BlockFetcher fetcher = new BlockFetcher(embedded.store(), links, rpc, cache, fetchParallelism, maxFetches);
        CandidatePeers candidates = new CandidatePeers(self, rpc, members, fetchPeers);
        return new ExchangeWiring(self, fetcher, new BlockPusher(self, embedded.store(), links, rpc),
                new FetchingPinner(embedded.store(), embedded, fetcher, candidates,
                        coldRestoresPins ? cold : ColdBlocks.NONE),
                new PeerFallbackContentSource(embedded.store(), cache, hot, links, fetcher, pinset,
                        new CandidatePeers(self, rpc, members), cold), cache, hot);
    }

    /** For the tracker: fetch what is missing, then pin. */
    @Override
    public ContentPinner pinner() {
        return pinner;
    }

    /**
     * For {@code /add}: send the new DAG to its allocated peers once the pin has committed; when some did not get it
     * all, this peer's {@code /p2p/} address is the origin to name in the pin (decision 0022).
     */
    @Override
    public AddService.AllocationPush push() {
        return (root, allocations) -> pusher.undelivered(root, allocations).isEmpty() ? List.of()
                : List.of("/p2p/" + self.value());
    }

    /** For the gateway: local blocks, else fetched from a peer that holds them. */
    @Override
    public Optional<ContentSource> gatewaySource() {
        return Optional.of(gatewaySource);
    }

    /** The gateway cache's size, hits, misses and evictions, as {@link GatewayCacheMeters} names them. */
    @Override
    public void registerMeters(MeterRegistry registry) {
        GatewayCacheMeters.register(registry, cache);
        GatewayCacheMeters.register(registry, hot);
    }

    /** Nothing runs in the background: blocks move when the tracker, {@code /add} or the gateway ask. */
    @Override
    public void start() {
    }

    @Override
    public void close() {
        fetcher.close();
        pusher.close();
        cache.close();
    }
}
