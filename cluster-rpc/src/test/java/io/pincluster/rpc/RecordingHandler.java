package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** A hand-written handler that answers from memory and records what it was asked. */
final class RecordingHandler implements PeerRpcHandler {
    final PeerId self;
    final AtomicInteger calls = new AtomicInteger();
    final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();
    final List<Metric> metrics = new CopyOnWriteArrayList<>();
    final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
    final List<HoldingsReport> holdings = new CopyOnWriteArrayList<>();
    final List<List<Cid>> questions = new CopyOnWriteArrayList<>();
    /** Roots whose push ended here; with {@code knowsPushes} false it answers as a handler of an older build. */
    final List<Cid> pushedRoots = new CopyOnWriteArrayList<>();
    volatile boolean knowsPushes = true;
    /** How many status entries the status stream produced so far, and whether the stream was closed. */
    final AtomicLong produced = new AtomicLong();
    final AtomicInteger streamsClosed = new AtomicInteger();
    volatile long statusCount = 3;

    RecordingHandler(PeerId self) {
        this.self = self;
    }

    @Override
    public PeerInfo id() {
        calls.incrementAndGet();
        return new PeerInfo(self, "peer-" + self.value().substring(self.value().length() - 4), List.of("/ip4/127.0.0.1"),
                List.of(self), List.of(), "1.0", "abc", "/pincluster/rpc/1", "", PeerInfo.IpfsInfo.NONE,
                new PeerInfo.RaftInfo("LEADER", 3, 10, 9, 1, self));
    }

    @Override
    public PinInfo status(Cid cid) {
        calls.incrementAndGet();
        return info(TrackerStatus.PINNED, cid.toString().length());
    }

    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        calls.incrementAndGet();
        TrackerStatus status = filter.isEmpty() ? TrackerStatus.PINNED : filter.iterator().next();
        Function<Long, CidStatus> entry = i -> new CidStatus(RpcFixture.rawCid("item-" + i), info(status, i));
        return LongStream.range(0, statusCount).boxed().map(entry)
                .peek(s -> produced.incrementAndGet())
                .onClose(streamsClosed::incrementAndGet);
    }

    @Override
    public PinInfo recover(Cid cid) {
        calls.incrementAndGet();
        throw new ClusterException(ErrorCode.NOT_FOUND, "no pin for " + cid);
    }

    @Override
    public void receiveMetrics(List<Metric> received) {
        calls.incrementAndGet();
        metrics.addAll(received);
    }

    @Override
    public byte[] block(Cid cid) {
        calls.incrementAndGet();
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "block " + cid + " not found");
        }
        return data;
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        calls.incrementAndGet();
        blocks.put(cid, data);
    }

    @Override
    public boolean pushed(Cid root) {
        if (!knowsPushes) {
            return PeerRpcHandler.super.pushed(root);
        }
        pushedRoots.add(root);
        return true;
    }

    @Override
    public PeerInfo join(JoinRequest request) {
        joins.add(request);
        return id();
    }

    /** Drops every stored block, as a store without pins would. */
    @Override
    public List<Cid> collectGarbage() {
        calls.incrementAndGet();
        List<Cid> removed = List.copyOf(blocks.keySet());
        blocks.clear();
        return removed;
    }

    /** Records the report; asks for a resync unless it is a full report, and releases every CID awaiting release. */
    @Override
    public HoldingsReply reportHoldings(HoldingsReport report) {
        calls.incrementAndGet();
        holdings.add(report);
        return new HoldingsReply(false, !report.reset(), report.awaitingRelease());
    }

    private PinInfo info(TrackerStatus status, long n) {
        return new PinInfo(self, "name", "12D3ipfs", List.of("/ip4/1.2.3.4/tcp/4001"), status,
                Instant.ofEpochSecond(1_700_000_000L + n, 5), "", (int) (n % 7), n % 2 == 0);
    }

    /** The changes {@link #allocationChanges} answers with (filtered and limited as a peer does). */
    final List<AllocationChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public List<AllocationChange> allocationChanges(Cid cid, int limit) {
        calls.incrementAndGet();
        return changes.stream().filter(c -> cid == null || c.cid().equals(cid)).limit(limit).toList();
    }

    /** Records the question; says every CID is held by this peer alone, the view complete. */
    @Override
    public HoldersReply findHolders(List<Cid> cids) {
        calls.incrementAndGet();
        questions.add(List.copyOf(cids));
        return new HoldersReply(true, false, true, cids.stream().map(c -> List.of(self)).toList());
    }
}
