package io.pincluster.ipld.unixfs;

import io.pincluster.core.cid.Cid;

/**
 * What a node is: its type (a raw-codec block reports {@link UnixFsType#FILE}, as Kubo shows raw leaves) and,
 * for files and symlinks, their size in bytes (0 for directories).
 */
public record UnixFsStat(Cid cid, UnixFsType type, long size) {
}
