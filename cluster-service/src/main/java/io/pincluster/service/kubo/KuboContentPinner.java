package io.pincluster.service.kubo;

import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.connector.kubo.OriginAddresses;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.PinProgress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Pins through the Kubo daemon, which fetches missing blocks from the other daemons over its own block exchange.
 * The daemon's progress reports feed the tracker's stall watchdog; the connector itself also gives up after its
 * fetch timeout without progress, because a blocking {@code pin/add} cannot observe the tracker's cancellation.
 *
 * <p>A pin whose {@code origins} name IPFS nodes outside the cluster has the daemon {@code swarm/connect} to them
 * first, so its {@code pin/add} can fetch from them (decision 0025). Origins naming cluster peers are left out: a
 * cluster peer is not an IPFS node, and its daemon is connected already by the
 * {@link io.pincluster.connector.kubo.SwarmConnector}.
 */
public final class KuboContentPinner implements ContentPinner {
    private final KuboConnector kubo;
    private final Predicate<String> isClusterPeer;

    /** Every origin is taken as outside the cluster (for tests and tools without a membership). */
    public KuboContentPinner(KuboConnector kubo) {
        this(kubo, id -> false);
    }

    /** @param isClusterPeer whether a peer ID (from an origin's {@code /p2p/}) is a member of this cluster */
    public KuboContentPinner(KuboConnector kubo, Predicate<String> isClusterPeer) {
        this.kubo = kubo;
        this.isClusterPeer = isClusterPeer;
    }

    @Override
    public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
        progress.throwIfCancelled();
        List<String> outside = outsideOrigins(pin);
        if (!outside.isEmpty()) {
            kubo.connectOrigins(outside);
            progress.throwIfCancelled();
        }
        long[] seen = {0};
        kubo.pin(pin.cid(), pin.options().mode(), blocks -> {
            for (long i = seen[0]; i < blocks; i++) {
                progress.blockStored();
            }
            seen[0] = Math.max(seen[0], blocks);
        });
        return CompletableFuture.completedFuture(null); // Kubo answers once its pin is stored
    }

    // Malformed origins stay in: the connector skips and counts them.
    private List<String> outsideOrigins(Pin pin) {
        List<String> origins = pin.options().origins();
        if (origins.isEmpty()) {
            return List.of();
        }
        return origins.stream().filter(o -> OriginAddresses.peerId(o).map(id -> !isClusterPeer.test(id))
                .orElse(true)).toList();
    }

    /** The daemon keeps its pins complete; nothing to check block by block from here. */
    @Override
    public List<Cid> missingBlocks(Pin pin) {
        return List.of();
    }
}
