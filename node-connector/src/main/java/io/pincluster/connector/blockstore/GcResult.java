package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Multihash;
import java.util.List;

/**
 * What one garbage collection removed.
 *
 * @param removed    the multihashes of the removed blocks
 * @param bytesFreed the sum of their sizes
 */
public record GcResult(List<Multihash> removed, long bytesFreed) {
    public GcResult {
        removed = List.copyOf(removed);
    }
}
