package io.pincluster.gateway.content;

import io.pincluster.core.cid.Cid;
import java.util.Objects;

/**
 * The node a {@code /ipfs/{cid}/path} request names.
 *
 * @param cid  the CID of the node the path ends at
 * @param kind what it is
 * @param size the file size in bytes for {@link NodeKind#FILE}; 0 otherwise
 */
public record ResolvedNode(Cid cid, NodeKind kind, long size) {
    public ResolvedNode {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(kind, "kind");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
