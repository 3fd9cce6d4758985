package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Writes to and reads of the shared pinset, as the HTTP front ends ask them ({@code /pins}, {@code /allocations}). */
public interface PinApi {
    /**
     * Pins {@code cid}; completes with the pin as committed to the log (allocations, timestamp). With
     * {@link PinOptions#pinUpdate()} set, the leader builds the new pin from the one it updates.
     */
    CompletableFuture<Pin> pin(Cid cid, PinOptions options);

    /** Resolves an {@code /ipfs|ipns|ipld/...} path to the CID it names. */
    Cid resolve(String namespace, String path);

    /** Unpins {@code cid}; completes with the pin as it was. */
    CompletableFuture<Pin> unpin(Cid cid);

    /** The pin of {@code cid}; NOT_FOUND when it is not in the pinset. */
    Pin allocation(Cid cid);

    Stream<Pin> allocations(AllocationQuery query);
}
