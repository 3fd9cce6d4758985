package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Turns a pin request into the pin that goes into the log. Runs only on the Raft leader, before the
 * entry is written, so it may use anything non-deterministic (peer metrics, free space, the clock it is
 * given); followers never call it. Supplied by the composition root (allocation policy).
 */
public interface PinDecider {
    /**
     * @param existing the current pin of {@code cid} on the leader's replica, or null
     * @param state the leader's replica (may not yet contain entries still being committed)
     * @param now the leader's time for this request; use it as the pin's timestamp
     * @return the full pin (allocations, type, timestamp)
     * @throws ClusterException to reject the request (bad options, not enough peers, ...)
     */
    Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView state, Instant now);

    /**
     * Places an existing pin again (the leader's repair and moves): keeps its options, drops the {@code leaving}
     * peers from its allocations and never picks them, keeps the other current peers that can still hold it, and
     * adds peers so the pin keeps as many copies as it had (within replication min..max: a move, not a shrink), or
     * as many up to max as the cluster can take when {@code topUp}; never fewer than min.
     *
     * @return the pin with its new allocations (possibly unchanged)
     * @throws ClusterException when not even replication min can be placed without the leaving peers
     */
    Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView state, Instant now);

    /**
     * Told the CIDs of a batch before its requests are decided one by one: a decider may look up at once, in
     * parallel, what each decision will need (the leader decides a batch on one thread, while the batch's commit
     * and every write behind it wait). Nothing by default.
     */
    default void prepare(List<Cid> cids) {
    }
}
