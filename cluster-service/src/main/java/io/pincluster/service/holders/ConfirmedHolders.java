package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;

/** Where pins are, as the peers' reports to this leader say: the peers holding a confirmed {@code pinned} copy. */
public interface ConfirmedHolders {
    /** True when {@code peer}'s reports to this leader say it holds {@code cid} pinned (complete DAG in its store). */
    boolean holds(PeerId peer, Cid cid);

    /**
     * True once {@code peer} has sent this leader a complete report since this peer became leader (or since
     * {@code peer} restarted). Until then holds(peer, ·) may miss copies.
     */
    boolean hasFullReport(PeerId peer);

    /** How many copies {@code peer} holds that are no longer allocated to it and wait to be released (as last reported). */
    int awaitingRelease(PeerId peer);
}
