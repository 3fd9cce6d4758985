package io.pincluster.service.connector;

import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.tracker.ContentPinner;
import java.util.Optional;

/** How content moves between this peer's store and the other peers', as the connector kind does it. */
public interface ContentExchange extends AutoCloseable {
    /** For the pin tracker: how a pin gets its content into the local store. */
    ContentPinner pinner();

    /** For {@code /add}: sends a new DAG to the peers it was allocated to (nothing when they fetch it). */
    AddService.AllocationPush push();

    /** For the gateway: where it reads content, when this kind serves one. */
    Optional<ContentSource> gatewaySource();

    /** Registers the meters of this exchange's own parts (the gateway's cache, when it keeps one). */
    default void registerMeters(MeterRegistry registry) {
    }

    /** Starts the background work that needs the peer up (for Kubo, connecting the daemons' swarms). */
    void start();

    @Override
    void close();
}
