package io.pincluster.core.psa;

import io.pincluster.core.cid.Cid;

/**
 * What the peer answering a Pinning Service API request knows of a CID's DAG size (the byte quota of a tenant,
 * decision 0017). A CID's size never changes, so an implementation may cache what it learned.
 */
@FunctionalInterface
public interface ContentSizes {
    long UNKNOWN = -1;

    /** No size is ever known: byte quotas count nothing. */
    ContentSizes NONE = cid -> UNKNOWN;

    /** The DAG's total bytes, or {@link #UNKNOWN}; must not throw. */
    long sizeOf(Cid cid);
}
