package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.protocol.PeerRpcMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code AllocationChanges} call's messages: which changes are asked for, and the changes. */
final class AllocationChangeMapper {
    /** The most changes one answer may carry (as {@code GET /health/moves} allows). */
    static final int MAX_LIMIT = 10_000;

    /** A question for a peer's changes: only {@code cid}'s when it is not null, at most {@code limit}. */
    record Question(Cid cid, int limit) {
    }

    private AllocationChangeMapper() {
    }

    static PeerRpcMessages.AllocationChangesRequest toMessage(Question q) {
        PeerRpcMessages.AllocationChangesRequest.Builder b = PeerRpcMessages.AllocationChangesRequest.newBuilder()
                .setLimit(q.limit());
        if (q.cid() != null) {
            b.setCid(WireScalars.cid(q.cid()));
        }
        return b.build();
    }

    static Question fromMessage(PeerRpcMessages.AllocationChangesRequest m) {
        if (m.getLimit() < 1 || m.getLimit() > MAX_LIMIT) {
            throw WireScalars.malformed("limit must be 1.." + MAX_LIMIT + ", not " + Integer.toUnsignedString(
                    m.getLimit()));
        }
        return new Question(m.getCid().isEmpty() ? null : WireScalars.cid(m.getCid()), m.getLimit());
    }

    static PeerRpcMessages.AllocationChangesResponse toMessage(List<AllocationChange> changes) {
        PeerRpcMessages.AllocationChangesResponse.Builder b = PeerRpcMessages.AllocationChangesResponse.newBuilder();
        for (AllocationChange c : changes) {
            b.addChanges(PeerRpcMessages.AllocationChange.newBuilder()
                    .setAt(WireScalars.timestamp(c.at()))
                    .setCid(WireScalars.cid(c.cid()))
                    .addAllFrom(c.from().stream().map(WireScalars::peerId).toList())
                    .addAllTo(c.to().stream().map(WireScalars::peerId).toList())
                    .setKind(c.kind().wireName())
                    .setReason(c.reason()));
        }
        return b.build();
    }

    /** The changes; one of a kind this build does not know (a newer peer's) is left out. */
    static List<AllocationChange> fromMessage(PeerRpcMessages.AllocationChangesResponse m) {
        List<AllocationChange> out = new ArrayList<>(m.getChangesCount());
        for (PeerRpcMessages.AllocationChange c : m.getChangesList()) {
            MoveKind kind;
            try {
                kind = MoveKind.valueOf(c.getKind().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new AllocationChange(WireScalars.instant(c.getAt()), WireScalars.cid(c.getCid()),
                    peers(c.getFromList()), peers(c.getToList()), kind, c.getReason()));
        }
        return out;
    }

    private static List<PeerId> peers(List<String> ids) {
        return ids.stream().map(id -> WireScalars.requiredPeerId(id, "an allocation")).toList();
    }
}
