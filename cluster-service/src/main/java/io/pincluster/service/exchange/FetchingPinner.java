package io.pincluster.service.exchange;

import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.HolderLookup;
import io.pincluster.service.tracker.PinProgress;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's way to pin on the embedded store: fetch the blocks the DAG lacks from other peers, then pin. The
 * fetched blocks go through one write session that stays open until the pin is recorded, so a garbage collection
 * running meanwhile cannot take them.
 */
public final class FetchingPinner implements ContentPinner {
    private static final Logger LOG = LoggerFactory.getLogger(FetchingPinner.class);

    private final EmbeddedBlockStore store;
    private final NodeConnector connector;
    private final BlockFetcher fetcher;
    private final CandidatePeers candidates;
    private final ColdBlocks cold;

    public FetchingPinner(EmbeddedBlockStore store, NodeConnector connector, BlockFetcher fetcher,
                          CandidatePeers candidates) {
        this(store, connector, fetcher, candidates, ColdBlocks.NONE);
    }

    /** With the cold tier: a pin no peer has is restored from its archive (decision 0019). */
    public FetchingPinner(EmbeddedBlockStore store, NodeConnector connector, BlockFetcher fetcher,
                          CandidatePeers candidates, ColdBlocks cold) {
        this.cold = cold;
        this.store = store;
        this.connector = connector;
        this.fetcher = fetcher;
        this.candidates = candidates;
    }

    @Override
    public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
        return pin(pin, progress, HolderLookup.Holders.UNKNOWN);
    }

    @Override
    public boolean needsPeers(Pin pin) {
        Cid cid = pin.cid();
        try {
            return !isInline(cid) && !store.hasOnDisk(cid);
        } catch (IOException e) {
            return true;
        }
    }

    /** With nobody holding it: its blocks are here, in the gateway's cache, or in an archive (decision 0019). */
    @Override
    public boolean couldPinWithoutPeers(Pin pin) {
        Cid cid = pin.cid();
        return !needsPeers(pin) || fetcher.cachedByGateway(cid)
                || pin.options().mode() != PinMode.DIRECT && cold.isArchived(cid);
    }

    /**
     * Fetches what is missing and pins; the peers asked follow {@code holders} (decision 0022): when the leader named
     * the holders, those (and only those) are asked, without any status question; when it said nobody holds the
     * content, no peer is asked, so a missing block fails the pin at once (after the cold tier's archive, when it
     * restores pins).
     */
    @Override
    public CompletableFuture<Void> pin(Pin pin, PinProgress progress, HolderLookup.Holders holders) {
        Cid cid = pin.cid();
        Supplier<List<PeerId>> peers = holders.known() ? () -> candidates.confirmed(holders.peers())
                : () -> candidates.forPin(pin);
        boolean recursive = pin.options().mode() != PinMode.DIRECT;
        if (isInline(cid)) { // its bytes are in the CID: nothing to fetch, nothing to walk
            return connector.pinAsync(cid, pin.options().mode());
        }
        try (WriteSession session = store.writeSession()) {
            BlockFetcher.FetchStats stats;
            try {
                stats = fetcher.fetch(cid, recursive, peers, session, progress);
            } catch (BlockUnavailableException noPeerHasIt) {
                // the archive, every block verified before it is put; then the pin finds them all here
                if (!recursive || !restoreFromArchive(cid, session)) {
                    throw noPeerHasIt;
                }
                stats = fetcher.fetch(cid, recursive, peers, session, progress);
            }
            if (stats.blocksFetched() > 0 || stats.blocksFromCache() > 0) {
                LOG.debug("{}: fetched {} blocks ({} bytes) from peers, {} from the gateway cache, {} were here", cid,
                        stats.blocksFetched(), stats.bytesFetched(), stats.blocksFromCache(), stats.blocksPresent());
            }
            progress.throwIfCancelled();
            // The pin protects the blocks from GC as soon as pinAsync returns, before the session closes.
            return connector.pinAsync(cid, pin.options().mode());
        }
    }

    private boolean restoreFromArchive(Cid cid, WriteSession session) {
        try {
            return cold.restore(cid, session);
        } catch (IOException e) {
            LOG.warn("{}: restoring from its archive failed: {}", cid, e.toString());
            return false;
        }
    }

    @Override
    public List<Cid> missingBlocks(Pin pin) {
        try {
            if (pin.options().mode() == PinMode.DIRECT) {
                return store.hasOnDisk(pin.cid()) ? List.of() : List.of(pin.cid());
            }
            return store.missingBlocks(pin.cid());
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "checking the blocks of " + pin.cid() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isInline(Cid cid) {
        return cid.multihash().code() == Multihash.IDENTITY && cid.codec() == Codec.RAW;
    }
}
