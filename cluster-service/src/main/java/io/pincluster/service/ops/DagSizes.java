package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import java.util.List;

/** What the leader knows of a DAG's total size when it allocates the pin. */
@FunctionalInterface
public interface DagSizes {
    long UNKNOWN = -1;

    /** No size is ever known: the allocator then places by free space alone, as ipfs-cluster does. */
    DagSizes NONE = cid -> UNKNOWN;

    /** The DAG's total bytes (blocks as stored), or {@link #UNKNOWN}. Must not throw. */
    long sizeOf(Cid cid);

    /** Looks up the sizes of {@code cids} ahead of the {@link #sizeOf} calls that follow; nothing by default. */
    default void prefetch(List<Cid> cids) {
    }
}
