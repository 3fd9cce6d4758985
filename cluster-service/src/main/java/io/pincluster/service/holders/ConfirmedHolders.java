package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;

/** The leader's view of which peers hold a confirmed {@code pinned} copy of each pin. */
public interface ConfirmedHolders {
    /** True when {@code peer}'s reports to this leader say it holds {@code cid} pinned (complete DAG in its store). */
    boolean holds(PeerId peer, Cid cid);

    /**
     * True once {@code peer} has sent this leader a complete report since this peer became leader (or since
     * {@code peer} restarted). Until then holds(peer, ·) may miss copies.
     */
    boolean hasFullReport(PeerId peer);

    /** How many copies {@code peer} holds that are no longer allocated to it and wait to be released. */
    int awaitingRelease(PeerId peer);
}
