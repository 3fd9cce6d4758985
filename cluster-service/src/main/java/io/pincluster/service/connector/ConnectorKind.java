package io.pincluster.service.connector;

import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ConnectorSection;
import java.io.IOException;
import io.pincluster.core.state.PinSetView;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import io.pincluster.core.cid.Cid;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One kind of block store a peer runs, with the wiring that differs between kinds. Closing it closes the
 * connector.
 */
public interface ConnectorKind extends AutoCloseable {
    /**
     * Opens the connector {@code section} asks for.
     *
     * @param storeDir the embedded store's folder ({@code connector.data_dir} resolved against the peer folder)
     */
    static ConnectorKind open(ConnectorSection section, Path storeDir, PeerId self) throws IOException {
        return switch (section.type()) {
            case KUBO -> KuboKind.open(section);
            case EMBEDDED -> EmbeddedKind.open(section, storeDir, self);
        };
    }

    NodeConnector connector();

    /** The folder whose disk's free space this peer reports, when the store is on this machine's disk. */
    Optional<Path> localStoreDir();

    /**
     * What reading the store's record of local pins found damaged, or empty; waits for the read. The tracker's
     * catch-up rebuilds the lost records from the pinset and the blocks held; the caller reports it.
     */
    default Optional<String> journalDamage() {
        return Optional.empty();
    }

    /**
     * Reads the local store's record of its pins when this kind defers it (the embedded store: a peer serves its
     * APIs before reading them, and they take the equal CID objects of {@code pinset}, loaded by then); whatever
     * needs them meanwhile waits. The future completes once they are read, exceptionally when they cannot be.
     */
    default CompletableFuture<Void> readLocalPins(PinSetView pinset) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Per snapshot load, a mapping to the CID object the local store's record of a pin holds (the argument when it
     * holds none, or keeps no such records in this process), asked in CID order: the loaded pinset shares them
     * (decision 0002).
     */
    default Supplier<UnaryOperator<Cid>> pinnedCids() {
        return UnaryOperator::identity;
    }

    /**
     * The store's garbage collector, when this kind offers one (the embedded store does; a Kubo daemon runs its
     * own {@code repo gc}, which this peer does not drive). Blocks of pins {@code pinset} allocates to {@code self}
     * are kept even before this peer's tracker pins them, and so are the {@code surplus} copies this peer keeps until
     * the leader releases them. Call once: runs of one collector never overlap.
     */
    Optional<GarbageCollector> garbageCollector(PeerId self, PinSetView pinset, Supplier<Stream<Cid>> surplus);

    /**
     * Builds how content moves between peers, once the RPC client and the pinset exist. Not yet started.
     *
     * @throws IOException a folder it keeps (the gateway's cache) cannot be opened
     */
    ContentExchange exchange(ExchangeContext context) throws IOException;

    @Override
    void close();
}
