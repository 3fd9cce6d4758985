package io.pincluster.service.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.service.ops.PeerService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Answers other peers from this peer's components: identity and join requests ({@link PeerService}), tracker
 * statuses, the block store, and the metrics they send (to this peer's monitor). Built last, once every one of
 * them exists, so it answers fully from its first call.
 */
public final class LocalPeerHandler implements PeerRpcHandler {
    private final PeerService peers;
    private final LocalStatuses statuses;
    private final NodeConnector connector;
    private final Consumer<List<Metric>> metrics;
    private final Supplier<List<Cid>> gc;
    private final Function<HoldingsReport, HoldingsReply> holdings;
    private final Function<List<Cid>, HoldersReply> holderQuestions;
    private final BiFunction<Cid, Integer, List<AllocationChange>> moves;
    private final LongAdder blockRequests = new LongAdder();
    private final LongAdder statusRequests = new LongAdder();
    private final LongAdder holderQuestionsServed = new LongAdder();

    /**
     * @param metrics  where the metrics other peers send go (the monitor)
     * @param gc       runs this peer's own garbage collection
     * @param holdings where other peers' holdings reports go (the leader's registry; it answers "not leader" on
     *                 other peers)
     */
    public LocalPeerHandler(PeerService peers, LocalStatuses statuses, NodeConnector connector,
                            Consumer<List<Metric>> metrics, Supplier<List<Cid>> gc,
                            Function<HoldingsReport, HoldingsReply> holdings) {
        this(peers, statuses, connector, metrics, gc, holdings, cids -> HoldersReply.notLeaderReply(),
                (cid, limit) -> List.of());
    }

    /**
     * As above; {@code holderQuestions} answers other peers' questions of who holds which CIDs (the leader's
     * registry; it answers "not leader" on other peers), and {@code moves} tells the automatic moves this peer made
     * while it led ({@code GET /health/moves} on any peer merges every member's).
     */
    public LocalPeerHandler(PeerService peers, LocalStatuses statuses, NodeConnector connector,
                            Consumer<List<Metric>> metrics, Supplier<List<Cid>> gc,
                            Function<HoldingsReport, HoldingsReply> holdings,
                            Function<List<Cid>, HoldersReply> holderQuestions,
                            BiFunction<Cid, Integer, List<AllocationChange>> moves) {
        this.holderQuestions = holderQuestions;
        this.moves = moves;
        this.peers = peers;
        this.statuses = statuses;
        this.connector = connector;
        this.metrics = metrics;
        this.gc = gc;
        this.holdings = holdings;
    }

    @Override
    public PeerInfo id() {
        return peers.id();
    }

    @Override
    public PinInfo status(Cid cid) {
        statusRequests.increment();
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
    public boolean pushed(Cid root) {
        statuses.recover(root);
        return true;
    }

    @Override
    public void receiveMetrics(List<Metric> metrics) {
        this.metrics.accept(metrics);
    }

    @Override
    public byte[] block(Cid cid) {
        blockRequests.increment();
        return connector.block(cid);
    }

    /** Status requests for one CID other peers sent this peer since it started. */
    public long statusRequestsServed() {
        return statusRequests.sum();
    }

    /** Questions of who holds which CIDs other peers sent this peer since it started (decision 0022). */
    public long holderQuestionsServed() {
        return holderQuestionsServed.sum();
    }

    /** Block requests other peers sent this peer since it started, answered or not. */
    public long blockRequestsServed() {
        return blockRequests.sum();
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        try (NodeConnector.ImportSession session = connector.openImport()) {
            session.put(cid, data);
        }
    }

    @Override
    public PeerInfo join(JoinRequest request) {
        return peers.join(request);
    }

    /** This peer's own pin statuses, as the status component computes them. */
    public interface LocalStatuses {
        PinInfo status(Cid cid);

        /** Statuses matching {@code filter} (empty = all), in CID order, lazily. */
        Stream<CidStatus> statusAll(Set<TrackerStatus> filter);

        PinInfo recover(Cid cid);
    }

    @Override
    public List<Cid> collectGarbage() {
        return gc.get();
    }

    @Override
    public HoldingsReply reportHoldings(HoldingsReport report) {
        return holdings.apply(report);
    }

    @Override
    public HoldersReply findHolders(List<Cid> cids) {
        holderQuestionsServed.increment();
        return holderQuestions.apply(cids);
    }

    @Override
    public List<AllocationChange> allocationChanges(Cid cid, int limit) {
        return moves.apply(cid, limit);
    }
}
