package io.pincluster.service.testing;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A peer RPC through which no peer can be reached: every call fails with {@code UNAVAILABLE}. Tests override the
 * calls they serve.
 */
public class UnreachablePeerRpc implements PeerRpc {
    protected static ClusterException unavailable(PeerId peer) {
        return new ClusterException(ErrorCode.UNAVAILABLE, "peer " + peer + " cannot be asked in this test");
    }

    @Override
    public PeerInfo id(PeerId target) {
        throw unavailable(target);
    }

    @Override
    public PinInfo status(PeerId target, Cid cid) {
        throw unavailable(target);
    }

    @Override
    public Stream<CidStatus> statusAll(PeerId target, Set<TrackerStatus> filter) {
        throw unavailable(target);
    }

    @Override
    public PinInfo recover(PeerId target, Cid cid) {
        throw unavailable(target);
    }

    @Override
    public void sendMetrics(PeerId target, List<Metric> metrics) {
        throw unavailable(target);
    }

    @Override
    public byte[] block(PeerId target, Cid cid) {
        throw unavailable(target);
    }

    @Override
    public void putBlock(PeerId target, Cid cid, byte[] data) {
        throw unavailable(target);
    }

    @Override
    public boolean putLastBlock(PeerId target, Cid cid, byte[] data, Cid root) {
        throw unavailable(target);
    }

    @Override
    public PeerInfo join(String seedAddress, JoinRequest request) {
        throw new ClusterException(ErrorCode.UNAVAILABLE, "no peer can be reached in this test");
    }

    @Override
    public List<Cid> collectGarbage(PeerId target) {
        throw unavailable(target);
    }

    @Override
    public HoldingsReply reportHoldings(PeerId target, HoldingsReport report) {
        throw unavailable(target);
    }

    @Override
    public void close() {
    }

    @Override
    public HoldersReply findHolders(PeerId target, List<Cid> cids) {
        throw unavailable(target);
    }
}
