package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.pin.Pin;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the tracker makes a pin hold locally and checks that it still does. The embedded store's version fetches
 * missing blocks from other peers first ({@code io.pincluster.service.exchange.FetchingPinner}); a connector that
 * fetches by itself (Kubo) only needs {@link #localOnly}.
 */
public interface ContentPinner {

    /**
     * Makes every block of {@code pin}'s DAG present and pins it locally. Reports each block it stores to
     * {@code progress} and stops when {@code progress} is cancelled. Returns once the blocks are in place and
     * the pin is made; the future completes when the pin is durable (see {@link NodeConnector#pinAsync}).
     *
     * @throws io.pincluster.core.error.ClusterException the pin could not be made (missing blocks, full store,
     *     {@link PinCancelledException}); the future fails with one when recording the pin failed
     */
    CompletableFuture<Void> pin(Pin pin, PinProgress progress);

    /**
     * As {@link #pin(Pin, PinProgress)}, knowing from the leader which peers hold the content pinned (decision 0022):
     * {@link HolderLookup.Holders#UNKNOWN} asks the candidate peers as {@link #pin(Pin, PinProgress)} does; known
     * holders are asked first and without asking anyone's status; {@link HolderLookup.Holders#NOBODY} asks no peer
     * (a missing block fails the pin with a {@link ContentUnavailableException} at once). A pinner that does not
     * fetch from peers ignores it.
     */
    default CompletableFuture<Void> pin(Pin pin, PinProgress progress, HolderLookup.Holders holders) {
        return pin(pin, progress);
    }

    /**
     * Whether pinning {@code pin} here would ask other peers for blocks (its root block is not in the local store),
     * so the tracker asks the leader who holds it first. False for a pinner that does not fetch from peers.
     */
    default boolean needsPeers(Pin pin) {
        return false;
    }

    /**
     * Whether a pass told that no peer holds {@code pin}'s content (decision 0022) could still pin it here: from an
     * archive of it, from blocks the gateway keeps. When false the tracker puts the pin to wait on that answer
     * without the pass. True (make the pass) unless the pinner knows better.
     */
    default boolean couldPinWithoutPeers(Pin pin) {
        return true;
    }

    /**
     * Blocks of the pinned DAG under {@code pin} that are not held any more, checked against the disk; empty
     * when it is complete. Used by the periodic reconcile to find content that went missing.
     */
    List<Cid> missingBlocks(Pin pin);

    /** Pins through the connector with the blocks already held; trusts the connector's pin as complete. */
    static ContentPinner localOnly(NodeConnector connector) {
        return new ContentPinner() {
            @Override
            public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
                progress.throwIfCancelled();
                return connector.pinAsync(pin.cid(), pin.options().mode());
            }

            @Override
            public List<Cid> missingBlocks(Pin pin) {
                return List.of();
            }
        };
    }
}
