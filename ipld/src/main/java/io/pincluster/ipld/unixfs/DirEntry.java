package io.pincluster.ipld.unixfs;

import io.pincluster.core.cid.Cid;

/** One directory entry: its name, the CID it points to, and the Tsize its link records (0 when absent). */
public record DirEntry(String name, Cid cid, long tsize) {
}
