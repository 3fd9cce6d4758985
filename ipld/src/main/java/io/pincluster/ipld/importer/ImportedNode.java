package io.pincluster.ipld.importer;

import io.pincluster.core.cid.Cid;

/**
 * The root of an imported file or directory.
 *
 * @param cid         the root CID
 * @param dagSize     cumulative size of the DAG: the {@code Size} {@code ipfs add} reports and parents record
 *                    as the link's Tsize (every block counted, duplicates included)
 * @param contentSize the file's length in bytes (0 for directories)
 */
public record ImportedNode(Cid cid, long dagSize, long contentSize) {
}
