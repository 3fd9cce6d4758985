package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;
import java.util.List;

/**
 * Reads the CIDs a block links to, by the block's codec. Block stores use it to walk DAGs (pins, GC)
 * without knowing any codec themselves.
 */
@FunctionalInterface
public interface LinkReader {
    /** The links of {@code block}, whose CID is {@code cid}; raw blocks have none. */
    List<Cid> links(Cid cid, byte[] block);
}
