package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.util.List;

/**
 * One line of {@code /add} output: either progress ({@code cid} null, {@code bytes} so far) or an added
 * entry with its CID, the cumulative DAG size and, for the root, the peers it was allocated to.
 */
public record AddedOutput(String name, Cid cid, long bytes, long size, List<PeerId> allocations) {
    public AddedOutput {
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
    }
}
