package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
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
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A test peer that answers {@code id} only; every other call fails with {@code UNAVAILABLE} "not supported", as a
 * handler refusing an operation would, so tests can check how such a refusal travels.
 */
final class IdOnlyHandler implements PeerRpcHandler {
    private final Supplier<PeerInfo> id;

    IdOnlyHandler(Supplier<PeerInfo> id) {
        this.id = id;
    }

    @Override
    public PeerInfo id() {
        return id.get();
    }

    @Override
    public PinInfo status(Cid cid) {
        throw notSupported("status");
    }

    @Override
    public Stream<CidStatus> statusAll(Set<TrackerStatus> filter) {
        throw notSupported("statusAll");
    }

    @Override
    public PinInfo recover(Cid cid) {
        throw notSupported("recover");
    }

    @Override
    public void receiveMetrics(List<Metric> metrics) {
        throw notSupported("receiveMetrics");
    }

    @Override
    public byte[] block(Cid cid) {
        throw notSupported("block");
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        throw notSupported("putBlock");
    }

    @Override
    public PeerInfo join(JoinRequest request) {
        throw notSupported("join");
    }

    @Override
    public List<Cid> collectGarbage() {
        throw notSupported("collectGarbage");
    }

    @Override
    public HoldingsReply reportHoldings(HoldingsReport report) {
        throw notSupported("reportHoldings");
    }

    private static ClusterException notSupported(String operation) {
        return new ClusterException(ErrorCode.UNAVAILABLE, operation + " is not supported by this peer");
    }
}
