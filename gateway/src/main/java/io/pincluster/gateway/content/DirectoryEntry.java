package io.pincluster.gateway.content;

import io.pincluster.core.cid.Cid;
import java.util.Objects;

/**
 * One entry of a directory listing.
 *
 * @param name the link name, as stored (not escaped)
 * @param cid  the entry's CID
 * @param size the cumulative DAG size recorded in the link (Tsize), or -1 when unknown
 */
public record DirectoryEntry(String name, Cid cid, long size) {
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cid, "cid");
    }
}
