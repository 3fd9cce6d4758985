package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * One message of a peer's holdings report to the leader: which CIDs it now holds pinned (complete DAG in its store)
 * and which it no longer holds, since its previous message. Messages are numbered per reporter process
 * ({@code epoch}, random at each start) by {@code sequence}; the leader applies a message only when it follows the
 * last one it applied from that epoch, and otherwise asks for a full report. A full report is a run of messages whose
 * first has {@code reset} (forget what you have for me) and whose last has {@code complete} (you now have all of
 * it); its CIDs travel in {@code added}.
 *
 * @param peer                  the reporting peer
 * @param epoch                 random per start of the reporting process
 * @param sequence              this message's number within the epoch
 * @param reset                 the first message of a full report
 * @param complete              the last message of a full report
 * @param added                 CIDs now held pinned
 * @param removed               CIDs no longer held
 * @param awaitingRelease       some of the CIDs this peer holds without being allocated them, kept until the leader
 *                              says they may be released (make-before-break); a page of them, not all
 * @param awaitingReleaseTotal  how many such CIDs the peer holds in all
 */
public record HoldingsReport(PeerId peer, long epoch, long sequence, boolean reset, boolean complete, List<Cid> added,
                             List<Cid> removed, List<Cid> awaitingRelease, int awaitingReleaseTotal) {
    public HoldingsReport {
        Objects.requireNonNull(peer, "peer");
        added = added == null ? List.of() : List.copyOf(added);
        removed = removed == null ? List.of() : List.copyOf(removed);
        awaitingRelease = awaitingRelease == null ? List.of() : List.copyOf(awaitingRelease);
        if (awaitingReleaseTotal < 0) {
            throw new IllegalArgumentException("awaitingReleaseTotal must not be negative: " + awaitingReleaseTotal);
        }
    }
}
