package io.pincluster.ipld.importer;

import io.pincluster.core.cid.Cid;

/**
 * One line of {@code ipfs add} output.
 *
 * @param name path relative to the argument's parent ({@code dir/sub/file}); empty for the wrapping directory
 * @param cid  the entry's root CID
 * @param size its cumulative DAG size (the {@code Size} field of {@code ipfs add --enc=json})
 */
public record AddedEntry(String name, Cid cid, long size) {
}
