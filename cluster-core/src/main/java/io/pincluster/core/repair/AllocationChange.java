package io.pincluster.core.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;

/** One automatic change of a pin's allocations: when, from which peers to which, what kind of move and why. */
public record AllocationChange(Instant at, Cid cid, List<PeerId> from, List<PeerId> to, MoveKind kind,
                               String reason) {
    public AllocationChange {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
