package io.pincluster.service.connector;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.config.ConnectorSection;
import io.pincluster.service.exchange.ExchangeWiring;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidInstances;
import io.pincluster.core.pin.Pin;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The embedded block store: its blocks live in this peer's folder, missing ones are fetched from other peers, an
 * {@code /add} is pushed to the allocated peers and the gateway serves the store (falling back to peers).
 */
final class EmbeddedKind implements ConnectorKind {
    private final EmbeddedConnector connector;
    private final Path storeDir;

    private EmbeddedKind(EmbeddedConnector connector, Path storeDir) {
        this.connector = connector;
        this.storeDir = storeDir;
    }

    static EmbeddedKind open(ConnectorSection section, Path storeDir, PeerId self) throws IOException {
        BlockStoreConfig store = new BlockStoreConfig(storeDir, section.storageMax(),
                BlockStoreConfig.DEFAULT_MAX_BLOCK_SIZE);
        return new EmbeddedKind(EmbeddedConnector.openReadingPinsLater(store, self), storeDir);
    }

    @Override
    public NodeConnector connector() {
        return connector;
    }

    @Override
    public Optional<Path> localStoreDir() {
        return Optional.of(storeDir);
    }

    @Override
    public Optional<String> journalDamage() {
        return connector.store().journalDamage();
    }

    @Override
    public Supplier<UnaryOperator<Cid>> pinnedCids() {
        // At start the pinset loads before the store's pins are read, and they take its CIDs (readLocalPins); a
        // snapshot installed later takes theirs.
        return () -> connector.store().pinsRead() ? connector.store().pinnedInstancesInOrder()
                : UnaryOperator.identity();
    }

    @Override
    public CompletableFuture<Void> readLocalPins(PinSetView pinset) {
        UnaryOperator<Cid> lookup = cid -> pinset.get(cid).map(Pin::cid).orElse(cid);
        return connector.store().readPins(CidInstances.inOrder(pinset.pinsAfter(null).map(Pin::cid).iterator(),
                lookup));
    }

    @Override
    public Optional<GarbageCollector> garbageCollector(PeerId self, PinSetView pinset,
                                                       Supplier<Stream<Cid>> surplus) {
        return Optional.of(new StoreGarbageCollector(connector.store(), self, pinset, surplus));
    }

    /** The gateway's cache of fetched blocks lives in {@code <store>/gateway-cache}; a peer without gateway keeps none. */
    @Override
    public ContentExchange exchange(ExchangeContext c) throws IOException {
        long cacheSize = c.gateway().enabled() ? c.gateway().cacheSize() : 0;
        long hotCacheSize = c.gateway().enabled() ? c.gateway().hotCacheSize() : 0;
        return ExchangeWiring.forEmbedded(c.self(), connector, c.rpc(), c.pinset(), c.members()::peers, cacheSize,
                hotCacheSize, c.tracker().fetchConcurrency(), c.tracker().concurrency(), c.tracker().fetchPeers(),
                c.cold(), c.coldRestoresPins());
    }

    @Override
    public void close() {
        connector.close();
    }
}
