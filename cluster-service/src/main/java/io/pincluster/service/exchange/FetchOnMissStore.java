package io.pincluster.service.exchange;

import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.LocalPins;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinMode;
import io.pincluster.service.tracker.PinProgress;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The local store, read for one gateway request: a block read lately comes from memory ({@link HotBlocks}); a block
 * not held is taken from the gateway's cache, else fetched
 * from {@code peers}, verified, kept in the cache (never in the store: nothing is pinned or stored by reading) and
 * returned; when no peer has it, the store's own not-found error stands, so the gateway answers "not held" as it
 * would without peers. Asking for a DAG's missing blocks first fetches them all into the cache (a CAR export needs
 * the whole DAG; blocks the bound evicts meanwhile are fetched again as the export reads them). Writes and pins go
 * straight to the store.
 */
final class FetchOnMissStore implements BlockStore, LocalPins {
    private final EmbeddedBlockStore store;
    private final GatewayBlockCache cache;
    private final HotBlocks hot;
    private final BlockFetcher fetcher;
    private final Supplier<List<PeerId>> peers;
    /** The archives, asked last; {@code root} is the CID the request is about (its archive holds the blocks). */
    private final ColdBlocks cold;
    private final Cid root;

    FetchOnMissStore(EmbeddedBlockStore store, GatewayBlockCache cache, HotBlocks hot, BlockFetcher fetcher,
                     Supplier<List<PeerId>> peers) {
        this(store, cache, hot, fetcher, peers, ColdBlocks.NONE, null);
    }

    FetchOnMissStore(EmbeddedBlockStore store, GatewayBlockCache cache, HotBlocks hot, BlockFetcher fetcher,
                     Supplier<List<PeerId>> peers, ColdBlocks cold, Cid root) {
        this.cold = cold;
        this.root = root;
        this.store = store;
        this.cache = cache;
        this.hot = hot;
        this.fetcher = fetcher;
        this.peers = peers;
    }

    /** Every block returned is checked against its hash: by the store, the cache or the fetch, or earlier (hot). */
    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] hotBlock = hot.get(cid.multihash());
        if (hotBlock != null) {
            return hotBlock;
        }
        byte[] block = read(cid);
        hot.put(cid.multihash(), block);
        return block;
    }

    private byte[] read(Cid cid) throws IOException {
        try {
            return store.get(cid);
        } catch (BlockNotFoundException | CorruptBlockException notHere) {
            byte[] kept = cache.get(cid);
            if (kept != null) {
                return kept;
            }
            byte[] data;
            try {
                data = fetcher.fetchOne(cid, peers.get());
            } catch (ClusterException e) {
                // no peer has it: the archive, verified block by block (decision 0019); not cached, so a read of
                // archived content is always served from the archive until a hot copy exists again
                byte[] archived = root == null ? null : cold.get(root, cid);
                if (archived == null) {
                    throw notHere;
                }
                return archived;
            }
            cache.put(cid, data);
            return data;
        }
    }

    @Override
    public List<Cid> missingBlocks(Cid root) throws IOException {
        List<Cid> missing = store.missingBlocks(root);
        if (missing.isEmpty()) {
            return missing;
        }
        try {
            fetcher.fetch(root, true, peers, cache::put, new PinProgress(Clock.systemUTC()));
            return List.of(); // every block was here, in the cache or with a peer, verified
        } catch (BlockUnavailableException e) {
            return cold.isArchived(root == null ? e.block() : root) ? List.of() : List.of(e.block());
        } catch (ClusterException e) {
            boolean archived = root != null && cold.isArchived(root);
            return archived ? List.of() : missing.stream().filter(c -> !cache.holds(c)).toList();
        }
    }

    @Override
    public boolean has(Cid cid) {
        return store.has(cid) || cache.holds(cid);
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        store.put(cid, block);
    }

    @Override
    public boolean delete(Cid cid) throws IOException {
        return store.delete(cid);
    }

    @Override
    public OptionalLong size(Cid cid) {
        return store.size(cid);
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public WriteSession writeSession() {
        return store.writeSession();
    }

    @Override
    public Iterator<Multihash> keys() {
        return store.keys();
    }

    @Override
    public void pin(Cid cid, PinMode mode) throws IOException {
        store.pin(cid, mode);
    }

    @Override
    public boolean unpin(Cid cid) throws IOException {
        return store.unpin(cid);
    }

    @Override
    public Optional<PinMode> pinMode(Cid cid) {
        return store.pinMode(cid);
    }

    @Override
    public Map<Cid, PinMode> listPins() {
        return store.listPins();
    }
}
