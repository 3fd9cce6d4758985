package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.monitor.PeerMonitor;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;

/** The {@link ClusterApi} the HTTP front ends call: routes each call to the use case that owns it. */
public final class ClusterApiFacade implements ClusterApi {
    private final PeerService peers;
    private final PinService pins;
    private final StatusService status;
    private final AddService adds;
    private final PeerMonitor monitor;

    public ClusterApiFacade(PeerService peers, PinService pins, StatusService status, AddService adds) {
        this(peers, pins, status, adds, null);
    }

    /** @param monitor the peer metrics store behind {@code /monitor/metrics} and {@code /health/alerts}, or null */
    public ClusterApiFacade(PeerService peers, PinService pins, StatusService status, AddService adds,
                            PeerMonitor monitor) {
        this.peers = peers;
        this.pins = pins;
        this.status = status;
        this.adds = adds;
        this.monitor = monitor;
    }

    @Override
    public PeerInfo id() {
        return peers.id();
    }

    @Override
    public String version() {
        return PeerService.VERSION;
    }

    @Override
    public Stream<PeerInfo> peers() {
        return peers.peers();
    }

    @Override
    public PeerInfo addPeer(PeerId peer) {
        return peers.addPeer(peer);
    }

    @Override
    public void removePeer(PeerId peer) {
        peers.removePeer(peer);
    }

    @Override
    public CompletableFuture<Pin> pin(Cid cid, PinOptions options) {
        return pins.pin(cid, options);
    }

    @Override
    public Cid resolve(String namespace, String path) {
        return pins.resolve(namespace, path);
    }

    @Override
    public CompletableFuture<Pin> unpin(Cid cid) {
        return pins.unpin(cid);
    }

    @Override
    public Pin allocation(Cid cid) {
        return pins.allocation(cid);
    }

    @Override
    public Stream<Pin> allocations(AllocationQuery query) {
        return pins.allocations(query);
    }

    @Override
    public GlobalPinInfo status(Cid cid, boolean local) {
        return status.status(cid, local);
    }

    @Override
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
        return status.statusAll(filter, cids, local);
    }

    @Override
    public GlobalPinInfo recover(Cid cid, boolean local) {
        return status.recover(cid, local);
    }

    @Override
    public Stream<GlobalPinInfo> recoverAll(boolean local) {
        return status.recoverAll(local);
    }

    @Override
    public void add(AddRequest request, Iterator<UploadPart> parts, Consumer<AddedOutput> output) {
        adds.add(request, parts, output);
    }

    @Override
    public List<String> metricNames() {
        return monitor == null ? List.of() : monitor.metricNames();
    }

    @Override
    public List<Metric> metrics(String name) {
        return monitor == null ? List.of() : monitor.validMetrics(name);
    }

    @Override
    public List<Alert> alerts() {
        return monitor == null ? List.of() : monitor.alerts();
    }
}
