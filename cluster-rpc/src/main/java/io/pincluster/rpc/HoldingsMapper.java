package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.peer.PeerId;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.List;

/** Holdings reports, holder questions and their answers between domain form ({@link HoldingsReport}, {@link HoldingsReply}) and messages. */
final class HoldingsMapper {
    private HoldingsMapper() {
    }

    static PeerRpcMessages.ReportHoldingsRequest toMessage(HoldingsReport r) {
        return PeerRpcMessages.ReportHoldingsRequest.newBuilder()
                .setPeer(WireScalars.peerId(r.peer()))
                .setEpoch(r.epoch())
                .setSequence(r.sequence())
                .setReset(r.reset())
                .setComplete(r.complete())
                .addAllAdded(r.added().stream().map(WireScalars::cid).toList())
                .addAllRemoved(r.removed().stream().map(WireScalars::cid).toList())
                .addAllAwaitingRelease(r.awaitingRelease().stream().map(WireScalars::cid).toList())
                .setAwaitingReleaseTotal(r.awaitingReleaseTotal())
                .build();
    }

    static HoldingsReport fromMessage(PeerRpcMessages.ReportHoldingsRequest m) {
        if (m.getAwaitingReleaseTotal() < 0) {
            throw WireScalars.malformed("awaiting_release_total out of range");
        }
        return new HoldingsReport(WireScalars.requiredPeerId(m.getPeer(), "holdings report"), m.getEpoch(),
                m.getSequence(), m.getReset(), m.getComplete(), cids(m.getAddedList()), cids(m.getRemovedList()),
                cids(m.getAwaitingReleaseList()), m.getAwaitingReleaseTotal());
    }

    static PeerRpcMessages.ReportHoldingsResponse toMessage(HoldingsReply r) {
        return PeerRpcMessages.ReportHoldingsResponse.newBuilder()
                .setNotLeader(r.notLeader())
                .setResync(r.resync())
                .addAllReleasable(r.releasable().stream().map(WireScalars::cid).toList())
                .addAllHolderAppeared(r.holderAppeared().stream().map(WireScalars::cid).toList())
                .setRecheckWaiting(r.recheckWaiting())
                .build();
    }

    static HoldingsReply fromMessage(PeerRpcMessages.ReportHoldingsResponse m) {
        return new HoldingsReply(m.getNotLeader(), m.getResync(), cids(m.getReleasableList()),
                cids(m.getHolderAppearedList()), m.getRecheckWaiting());
    }

    static PeerRpcMessages.FindHoldersRequest toMessage(List<Cid> cids) {
        return PeerRpcMessages.FindHoldersRequest.newBuilder()
                .addAllCids(cids.stream().map(WireScalars::cid).toList()).build();
    }

    static List<Cid> fromMessage(PeerRpcMessages.FindHoldersRequest m) {
        return cids(m.getCidsList());
    }

    static PeerRpcMessages.FindHoldersResponse toMessage(HoldersReply r) {
        PeerRpcMessages.FindHoldersResponse.Builder b = PeerRpcMessages.FindHoldersResponse.newBuilder()
                .setNotLeader(r.notLeader())
                .setComplete(r.complete());
        for (List<PeerId> peers : r.holders()) {
            b.addHolders(PeerRpcMessages.CidHolders.newBuilder()
                    .addAllPeers(peers.stream().map(WireScalars::peerId).toList()));
        }
        return b.build();
    }

    static HoldersReply fromMessage(PeerRpcMessages.FindHoldersResponse m) {
        List<List<PeerId>> holders = m.getHoldersList().stream()
                .map(h -> h.getPeersList().stream().map(p -> WireScalars.requiredPeerId(p, "holder")).toList())
                .toList();
        return new HoldersReply(true, m.getNotLeader(), m.getComplete(), holders);
    }

    private static List<Cid> cids(List<com.google.protobuf.ByteString> bytes) {
        return bytes.stream().map(WireScalars::cid).toList();
    }
}
