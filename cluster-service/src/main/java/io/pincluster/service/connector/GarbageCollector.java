package io.pincluster.service.connector;

import io.pincluster.core.cid.Cid;
import java.util.List;

/** Removes the blocks no pin keeps from this peer's store. Runs are serialized: two never overlap. */
public interface GarbageCollector {
    /**
     * Runs one collection; returns the removed blocks.
     *
     * @throws io.pincluster.core.error.ClusterException the store failed
     */
    List<Cid> collect();
}
