package io.pincluster.service.connector;

import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.connector.blockstore.GcResult;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's GC. One lock serializes the scheduled and the requested runs: the store allows a GC
 * alongside puts and pins, but two GCs at once would only do the same walk twice.
 */
final class StoreGarbageCollector implements GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGarbageCollector.class);

    private final EmbeddedBlockStore store;

    StoreGarbageCollector(EmbeddedBlockStore store) {
        this.store = store;
    }

    @Override
    public synchronized List<Cid> collect() {
        GcResult result;
        try {
            result = store.collectGarbage();
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "garbage collection failed: " + e.getMessage(), e);
        }
        LOG.info("garbage collection removed {} blocks, {} bytes", result.removed().size(), result.bytesFreed());
        // The store keeps blocks by multihash, so the codec they were added with is unknown: raw, as Kubo does.
        return result.removed().stream().map(mh -> Cid.v1(Codec.RAW, mh)).toList();
    }
}
