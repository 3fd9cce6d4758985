package io.pincluster.service.kubo;

import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.PinProgress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pins through the Kubo daemon, which fetches missing blocks from the other daemons over its own block exchange.
 * The daemon's progress reports feed the tracker's stall watchdog; the connector itself also gives up after its
 * fetch timeout without progress, because a blocking {@code pin/add} cannot observe the tracker's cancellation.
 */
public final class KuboContentPinner implements ContentPinner {
    private final KuboConnector kubo;

    public KuboContentPinner(KuboConnector kubo) {
        this.kubo = kubo;
    }

    @Override
    public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
        progress.throwIfCancelled();
        long[] seen = {0};
        kubo.pin(pin.cid(), pin.options().mode(), blocks -> {
            for (long i = seen[0]; i < blocks; i++) {
                progress.blockStored();
            }
            seen[0] = Math.max(seen[0], blocks);
        });
        return CompletableFuture.completedFuture(null); // Kubo answers once its pin is stored
    }

    /** The daemon keeps its pins complete; nothing to check block by block from here. */
    @Override
    public List<Cid> missingBlocks(Pin pin) {
        return List.of();
    }
}
