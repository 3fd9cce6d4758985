package io.pincluster.service.connector;

import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.connector.blockstore.GcResult;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded store's GC. One lock serializes the scheduled and the requested runs: the store allows a GC
 * alongside puts and pins, but two GCs at once would only do the same walk twice.
 */
final class StoreGarbageCollector implements GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGarbageCollector.class);

    private final EmbeddedBlockStore store;
    private final PeerId self;
    private final PinSetView pinset;
    private final Supplier<Stream<Cid>> surplus;

    /**
     * Keeps what the store pinned, whatever {@code pinset} allocates to {@code self} (pinned here yet or not) and the
     * {@code surplus} copies kept until the leader releases them (make-before-break).
     */
    StoreGarbageCollector(EmbeddedBlockStore store, PeerId self, PinSetView pinset, Supplier<Stream<Cid>> surplus) {
        this.store = store;
        this.self = self;
        this.pinset = pinset;
        this.surplus = surplus;
    }

    @Override
    public synchronized List<Cid> collect() {
        GcResult result;
        try {
            // An /add's blocks are safe from the GC only until its pin commits; from then until this peer's tracker
            // pins them locally, the pinset's allocation is what keeps them.
            // A surplus copy stays pinned until released, so the store keeps it anyway; naming it here too keeps it
            // whatever state its local pin is in while it waits.
            result = store.collectGarbage(() -> Stream.concat(pinset.allocatedTo(self), surplus.get()));
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "garbage collection failed: " + e.getMessage(), e);
        }
        LOG.info("garbage collection removed {} blocks, {} bytes", result.removed().size(), result.bytesFreed());
        // The store keeps blocks by multihash, so the codec they were added with is unknown: raw, as Kubo does.
        return result.removed().stream().map(mh -> Cid.v1(Codec.RAW, mh)).toList();
    }
}
