package io.pincluster.service.exchange;

import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.DirectoryEntry;
import io.pincluster.gateway.content.NotInMemoryException;
import io.pincluster.gateway.content.ResolvedNode;
import io.pincluster.ipld.unixfs.FileChunks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's content source on a cluster peer: serves from the local store and, for blocks it does not hold,
 * asks other peers (the pin's holders when the requested CID is pinned, else every peer). Fetched blocks are
 * checked against their hash and kept in the gateway's bounded cache, apart from the store; nothing is pinned or
 * stored by reading.
 */
public final class PeerFallbackContentSource implements ContentSource {
    private final EmbeddedBlockStore store;
    private final GatewayBlockCache cache;
    private final HotBlocks hot;
    private final LinkReader links;
    private final BlockFetcher fetcher;
    private final PinSetView pinset;
    private final CandidatePeers candidates;
    private final ContentSource memory;
    private final ColdBlocks cold;

    public PeerFallbackContentSource(EmbeddedBlockStore store, GatewayBlockCache cache, HotBlocks hot,
                                     LinkReader links, BlockFetcher fetcher, PinSetView pinset,
                                     CandidatePeers candidates) {
        this(store, cache, hot, links, fetcher, pinset, candidates, ColdBlocks.NONE);
    }

    /** With the cold tier's archives as the last resort for a block no peer has (decision 0019). */
    public PeerFallbackContentSource(EmbeddedBlockStore store, GatewayBlockCache cache, HotBlocks hot,
                                     LinkReader links, BlockFetcher fetcher, PinSetView pinset,
                                     CandidatePeers candidates, ColdBlocks cold) {
        this.cold = cold;
        this.store = store;
        this.cache = cache;
        this.hot = hot;
        this.links = links;
        this.fetcher = fetcher;
        this.pinset = pinset;
        this.candidates = candidates;
        // The hot blocks alone: verified when kept, so they are served as they are, on the gateway's event loop.
        this.memory = BlockStoreContentSource.memoryOnly(cid -> {
            byte[] block = hot.peek(cid.multihash());
            if (block == null) {
                throw NotInMemoryException.INSTANCE;
            }
            return block;
        });
    }

    @Override
    public ContentSource inMemory() {
        return memory;
    }

    // One reader per request: which peers to ask depends on the CID the request is about.
    private ContentSource about(Cid cid) {
        Supplier<List<PeerId>> peers = once(() -> pinset.get(cid).map(candidates::forPin)
                .orElseGet(candidates::anyPeer));
        FetchOnMissStore blocks = new FetchOnMissStore(store, cache, hot, fetcher, peers, cold, cid);
        return new BlockStoreContentSource(blocks, blocks, links);
    }

    private static Supplier<List<PeerId>> once(Supplier<List<PeerId>> s) {
        return new Supplier<>() {
            private List<PeerId> value;

            @Override
            public synchronized List<PeerId> get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    @Override
    public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
        return about(root).resolve(root, path);
    }

    @Override
    public InputStream openFile(Cid file, long offset, long length) throws IOException {
        return about(file).openFile(file, offset, length);
    }

    @Override
    public FileChunks openChunks(Cid file, long offset, long length) throws IOException {
        return about(file).openChunks(file, offset, length);
    }

    @Override
    public List<DirectoryEntry> list(Cid directory) throws IOException {
        return about(directory).list(directory);
    }

    @Override
    public byte[] rawBlock(Cid cid) throws IOException {
        return about(cid).rawBlock(cid);
    }

    @Override
    public void checkComplete(Cid root) throws IOException {
        about(root).checkComplete(root);
    }

    @Override
    public void exportCar(Cid root, OutputStream out) throws IOException {
        about(root).exportCar(root, out);
    }
}
