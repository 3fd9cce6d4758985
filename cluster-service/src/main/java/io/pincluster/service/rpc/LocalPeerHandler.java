package io.pincluster.service.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Answers other peers from this peer's components: identity, tracker statuses, the block store. Metrics and join
 * requests go to hooks that the monitor and membership components install; until then metrics are dropped and
 * joins are refused as not supported.
 */
public final class LocalPeerHandler implements PeerRpcHandler {
    private final Supplier<PeerInfo> id;
    private final LocalStatuses statuses;
    private final NodeConnector connector;
    private final List<Consumer<List<Metric>>> metricListeners = new CopyOnWriteArrayList<>();
    private volatile Function<JoinRequest, PeerInfo> joinHandler;

    public LocalPeerHandler(Supplier<PeerInfo> id, LocalStatuses statuses, NodeConnector connector) {
        this.id = id;
        this.statuses = statuses;
        this.connector = connector;
    }

    /** Called with every batch of metrics another peer sends. */
    public void addMetricsListener(Consumer<List<Metric>> listener) {
        metricListeners.add(listener);
    }

    /** Who decides join requests (the membership component). */
    public void setJoinHandler(Function<JoinRequest, PeerInfo> handler) {
        this.joinHandler = handler;
    }

    @Override
    public PeerInfo id() {
        return id.get();
    }

    @Override
    public PinInfo status(Cid cid) {
        return statuses.status(cid);
    }

    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        return statuses.statusAll(filter);
    }

    @Override
    public PinInfo recover(Cid cid) {
        return statuses.recover(cid);
    }

    @Override
    public void receiveMetrics(List<Metric> metrics) {
        metricListeners.forEach(l -> l.accept(metrics));
    }

    @Override
    public byte[] block(Cid cid) {
        return connector.block(cid);
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        try (NodeConnector.ImportSession session = connector.openImport()) {
            session.put(cid, data);
        }
    }

    @Override
    public PeerInfo join(JoinRequest request) {
        Function<JoinRequest, PeerInfo> handler = joinHandler;
        if (handler == null) {
            throw PeerRpcHandler.notSupported("join");
        }
        return handler.apply(request);
    }

    /** This peer's own pin statuses, as the status component computes them. */
    public interface LocalStatuses {
        PinInfo status(Cid cid);

        /** Statuses matching {@code filter} (empty = all), in CID order, lazily. */
        Stream<CidStatus> statusAll(Set<TrackerStatus> filter);

        PinInfo recover(Cid cid);
    }
}
