package io.pincluster.consensus.ratis;

import io.pincluster.core.peer.PeerId;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * The leader's watch over the number of voters (decision 0013). Once a second, on the leader only: while the group
 * has fewer voters than the target, a caught-up listener is promoted; a voter the leader has not heard from for
 * {@code replaceAfter} (and not in maintenance) is swapped for a caught-up listener in one configuration change, so
 * the number of voters, and with it the quorum, never depends on how many peers there are. One change at a time,
 * each a compare-and-set of the configuration it was computed from.
 */
final class VoterKeeper implements AutoCloseable {
    /** A listener at most this many log entries behind the commit index counts as caught up. */
    static final long CATCH_UP_GAP = 100;

    /**
     * What the leader knows of one follower or listener: how long ago it last answered, the last index it
     * acknowledged, and the index the leader sends it next.
     */
    record Progress(long lastHeardMs, long matchIndex, long nextIndex) {
    }

    private final Supplier<RaftServer.Division> division;
    private final Membership membership;
    private final int target;
    private final Duration replaceAfter;
    /** A listener heard from within this is alive enough to vote. */
    private final Duration heardWithin;
    /** Peers that may vote: not removed, not being drained (the peer directory's view). */
    private final Predicate<PeerId> mayVote;
    /** Voters the operator put in maintenance: their silence is planned, they keep their vote. */
    private final Predicate<PeerId> inMaintenance;
    private final PeriodicCheck timer;

    VoterKeeper(String name, Supplier<RaftServer.Division> division, Membership membership, int target,
                Duration replaceAfter, Duration heardWithin, Predicate<PeerId> mayVote,
                Predicate<PeerId> inMaintenance) {
        this.division = division;
        this.membership = membership;
        this.target = target;
        this.replaceAfter = replaceAfter;
        this.heardWithin = heardWithin;
        this.mayVote = mayVote;
        this.inMaintenance = inMaintenance;
        this.timer = new PeriodicCheck("voter-keeper", name, this::check);
    }

    void start(Duration interval) {
        timer.start(interval, interval);
    }

    /** One round; returns true when it changed the configuration. */
    boolean check() {
        RaftServer.Division d = division.get();
        if (d == null || !d.getInfo().isLeader() || !d.getInfo().isLeaderReady()) {
            return false;
        }
        RaftConfiguration conf = d.getRaftConf();
        if (!conf.getPreviousPeers().isEmpty()) {
            return false; // a change is in progress
        }
        Map<RaftPeerId, Progress> progress = progress(d);
        if (progress == null) {
            return false;
        }
        List<RaftPeer> voters = Membership.voters(conf);
        Optional<RaftPeer> candidate = caughtUpListener(Membership.listeners(conf), progress,
                d.getRaftLog().getLastCommittedIndex());
        if (candidate.isEmpty()) {
            return false;
        }
        PeerId promoted = RaftSettings.peerId(candidate.get().getId());
        if (voters.size() < target) {
            return membership.promote(promoted, null);
        }
        if (replaceAfter.isZero()) {
            return false; // silent voters keep their vote (consensus.voter_replace_after 0)
        }
        Optional<PeerId> lost = voters.stream()
                .filter(v -> !v.getId().equals(d.getId()))
                .filter(v -> progress.containsKey(v.getId())
                        && progress.get(v.getId()).lastHeardMs() >= replaceAfter.toMillis())
                .max(Comparator.comparingLong(v -> progress.get(v.getId()).lastHeardMs()))
                .map(v -> RaftSettings.peerId(v.getId()))
                .filter(v -> !inMaintenance.test(v));
        return lost.isPresent() && membership.promote(promoted, lost.get());
    }

    /** On the leader: the listener to promote in place of a removed voter, if one is caught up. */
    Optional<RaftPeer> successor(Collection<RaftPeer> listeners) {
        RaftServer.Division d = division.get();
        if (d == null || !d.getInfo().isLeader()) {
            return Optional.empty();
        }
        Map<RaftPeerId, Progress> progress = progress(d);
        return progress == null ? Optional.empty()
                : caughtUpListener(listeners, progress, d.getRaftLog().getLastCommittedIndex());
    }

    private Optional<RaftPeer> caughtUpListener(Collection<RaftPeer> listeners, Map<RaftPeerId, Progress> progress,
                                                long commitIndex) {
        return listeners.stream()
                .filter(l -> progress.containsKey(l.getId()))
                .filter(l -> progress.get(l.getId()).lastHeardMs() <= heardWithin.toMillis())
                .filter(l -> progress.get(l.getId()).matchIndex() >= commitIndex - CATCH_UP_GAP)
                .filter(l -> mayVote.test(RaftSettings.peerId(l.getId())))
                .min(Comparator.<RaftPeer>comparingLong(l -> progress.get(l.getId()).lastHeardMs())
                        .thenComparing(l -> l.getId().toString()));
    }

    /**
     * The leader's view of each follower and listener. Ratis gives the last-heard times (role info), the match and
     * the next indexes (division info) as lists in the order of its log appenders; null when they do not line up (an
     * appender came or went between the reads): the next round tries again.
     */
    static Map<RaftPeerId, Progress> progress(RaftServer.Division d) {
        RoleInfoProto role = d.getInfo().getRoleInfoProto();
        long[] match = d.getInfo().getFollowerMatchIndices();
        long[] next = d.getInfo().getFollowerNextIndices();
        if (!role.hasLeaderInfo() || match == null || next == null) {
            return null;
        }
        List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
        if (followers.size() != match.length || next.length != match.length) {
            return null;
        }
        Map<RaftPeerId, Progress> out = new HashMap<>();
        for (int i = 0; i < match.length; i++) {
            ServerRpcProto f = followers.get(i);
            out.put(RaftPeerId.valueOf(f.getId().getId()), new Progress(f.getLastRpcElapsedTimeMs(), match[i],
                    next[i]));
        }
        return out;
    }

    @Override
    public void close() {
        timer.close();
    }
}
