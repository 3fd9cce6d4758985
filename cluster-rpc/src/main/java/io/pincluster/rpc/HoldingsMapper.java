package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.List;

/** Holdings reports and their answers between domain form ({@link HoldingsReport}, {@link HoldingsReply}) and messages. */
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

    private static List<Cid> cids(List<com.google.protobuf.ByteString> bytes) {
        return bytes.stream().map(WireScalars::cid).toList();
    }
}
