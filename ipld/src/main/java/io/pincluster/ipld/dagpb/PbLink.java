package io.pincluster.ipld.dagpb;

import io.pincluster.core.cid.Cid;
import java.util.Objects;

/**
 * A dag-pb link. {@code name} and {@code tsize} are optional in the spec: {@code null} means the field
 * is absent on the wire, which is not the same block as an empty name or a zero size.
 *
 * @param hash  the CID linked to (required)
 * @param name  the link name, or null when absent
 * @param tsize the cumulative size of the linked DAG, or null when absent
 */
public record PbLink(Cid hash, String name, Long tsize) {
    public PbLink {
        Objects.requireNonNull(hash, "hash");
        if (tsize != null && tsize < 0) {
            throw new IllegalArgumentException("Tsize is unsigned: " + tsize);
        }
    }

    /** A link as go-merkledag and the UnixFS importers write them: name and size always present. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, name, tsize);
    }
}
