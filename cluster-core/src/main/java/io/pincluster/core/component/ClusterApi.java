package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the HTTP front ends can ask of the cluster. Calls may block (they wait for the Raft log);
 * failures are {@link io.pincluster.core.error.ClusterException}s. Streams must be closed by the caller.
 */
public interface ClusterApi {
    PeerInfo id();

    String version();

    /** Every cluster peer's {@link PeerInfo}; peers that cannot be asked carry an error. */
    Stream<PeerInfo> peers();

    PeerInfo addPeer(PeerId peer);

    void removePeer(PeerId peer);

    /** Pins {@code cid}; completes with the pin as committed to the log (allocations, timestamp). */
    CompletableFuture<Pin> pin(Cid cid, PinOptions options);

    /** Resolves an {@code /ipfs|ipns|ipld/...} path to the CID it names. */
    Cid resolve(String namespace, String path);

    /** Unpins {@code cid}; completes with the pin as it was. */
    CompletableFuture<Pin> unpin(Cid cid);

    /** The pin of {@code cid}; NOT_FOUND when it is not in the pinset. */
    Pin allocation(Cid cid);

    Stream<Pin> allocations(AllocationQuery query);

    GlobalPinInfo status(Cid cid, boolean local);

    /** Status of every pin (or of {@code cids} when not empty) matching {@code filter} (empty = all), in CID order. */
    Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local);

    GlobalPinInfo recover(Cid cid, boolean local);

    Stream<GlobalPinInfo> recoverAll(boolean local);

    /**
     * Imports {@code parts} (files and directories, in upload order) and, unless {@code noPin}, pins the root.
     * Emits each {@link AddedOutput} as soon as it is known.
     */
    void add(AddRequest request, Iterator<UploadPart> parts, Consumer<AddedOutput> output);

    /** Names of the metrics this peer's monitor has seen ({@code GET /monitor/metrics}). */
    default List<String> metricNames() {
        return List.of();
    }

    /** The latest valid metric {@code name} of each current peer ({@code GET /monitor/metrics/{name}}). */
    default List<Metric> metrics(String name) {
        return List.of();
    }

    /** Metric-expiry alerts this peer's monitor raised, most recent first ({@code GET /health/alerts}). */
    default List<Alert> alerts() {
        return List.of();
    }
}
