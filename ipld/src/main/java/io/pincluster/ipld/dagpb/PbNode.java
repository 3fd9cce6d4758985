package io.pincluster.ipld.dagpb;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dag-pb node: ordered links and optional data. {@code data == null} means the Data field is absent;
 * an empty array is a present, empty Data field (a different block).
 */
public final class PbNode {
    private final List<PbLink> links;
    private final byte[] data;

    public PbNode(List<PbLink> links, byte[] data) {
        this.links = List.copyOf(Objects.requireNonNull(links, "links"));
        this.data = data;
    }

    public List<PbLink> links() {
        return links;
    }

    /** The Data field, or null when absent. Not copied: callers must not modify it. */
    public byte[] data() {
        return data;
    }

    public boolean hasData() {
        return data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode other && links.equals(other.links) && Arrays.equals(data, other.data)
                && (data == null) == (other.data == null);
    }

    @Override
    public int hashCode() {
        return 31 * links.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PbNode{links=" + links.size() + ", data=" + (data == null ? "absent" : data.length + " bytes") + "}";
    }
}
