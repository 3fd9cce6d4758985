package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tells the tracker, before it asks any peer for a pin's blocks, which peers hold the content pinned (decision 0022).
 * The answers come from the leader's view of the peers' holdings reports, asked in batches, so a pin whose content
 * no peer holds goes to wait for a holder without one status or block request.
 */
public interface HolderLookup {

    /** Asks nobody: every answer is {@link Holders#UNKNOWN} and the tracker does not ask at all. */
    HolderLookup NONE = new HolderLookup() {
        @Override
        public CompletableFuture<Holders> holdersOf(Cid cid) {
            return CompletableFuture.completedFuture(Holders.UNKNOWN);
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /** What is known of {@code cid}'s holders; completes (soon, batched with others), never fails. */
    CompletableFuture<Holders> holdersOf(Cid cid);

    /** False when asking would tell nothing (the tracker then skips the question). */
    default boolean enabled() {
        return true;
    }

    /**
     * What is known about who holds a CID's content.
     *
     * @param known whether the answer says anything: false when the leader could not tell (its view is being
     *              rebuilt, it predates the question, it could not be reached): the peers are asked as before
     * @param peers when known, the peers holding it pinned; empty: no live peer does
     */
    record Holders(boolean known, List<PeerId> peers) {
        /** Nothing is known: ask the candidate peers (allocated, origins, others) as without a lookup. */
        public static final Holders UNKNOWN = new Holders(false, List.of());
        /** No live peer holds it pinned: ask no peer. */
        public static final Holders NOBODY = new Holders(true, List.of());

        public Holders {
            peers = List.copyOf(peers);
        }

        public static Holders of(List<PeerId> peers) {
            return peers.isEmpty() ? NOBODY : new Holders(true, peers);
        }

        public boolean isNobody() {
            return known && peers.isEmpty();
        }
    }
}
