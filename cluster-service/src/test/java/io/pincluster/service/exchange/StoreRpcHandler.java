package io.pincluster.service.exchange;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A peer's RPC side for block exchange, served from its real store. With {@code corrupt} set it is the bad peer:
 * it flips one bit of every block it sends (a fake at the network edge).
 */
final class StoreRpcHandler implements PeerRpcHandler {
    private final NodeConnector connector;
    private final boolean corrupt;
    final AtomicInteger blocksServed = new AtomicInteger();
    final AtomicInteger blocksReceived = new AtomicInteger();

    StoreRpcHandler(NodeConnector connector, boolean corrupt) {
        this.connector = connector;
        this.corrupt = corrupt;
    }

    @Override
    public PeerInfo id() {
        throw offBlocks("id");
    }

    @Override
    public PinInfo status(Cid cid) {
        throw offBlocks("status");
    }

    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        throw offBlocks("statusAll");
    }

    @Override
    public PinInfo recover(Cid cid) {
        throw offBlocks("recover");
    }

    @Override
    public void receiveMetrics(List<Metric> metrics) {
        throw offBlocks("receiveMetrics");
    }

    @Override
    public PeerInfo join(JoinRequest request) {
        throw offBlocks("join");
    }

    // the exchange tests only move blocks; any other call reaching this peer is a test bug, reported as such
    private static ClusterException offBlocks(String operation) {
        return new ClusterException(ErrorCode.UNAVAILABLE, operation + " is not served by this block-only test peer");
    }

    @Override
    public byte[] block(Cid cid) {
        byte[] data = connector.block(cid).clone();
        blocksServed.incrementAndGet();
        if (corrupt) {
            data[data.length / 2] ^= 0x01;
        }
        return data;
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            s.put(cid, data);
        }
        blocksReceived.incrementAndGet();
    }

    @Override
    public List<Cid> collectGarbage() {
        throw new ClusterException(ErrorCode.BAD_REQUEST, "this test peer serves blocks only");
    }

    @Override
    public HoldingsReply reportHoldings(HoldingsReport report) {
        return HoldingsReply.notLeaderReply();
    }
}
