package io.pincluster.consensus.ratis;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/** What this peer's Raft server says about the group: its role, indexes, leader and members, read live. */
final class DivisionView {
    private record PeerList(RaftConfiguration conf, List<PeerId> all, List<PeerId> voters) {
        static final PeerList EMPTY = new PeerList(null, List.of(), List.of());
    }

    /** This peer's division, or null while its server is not running (or was stopped after a removal). */
    private final Supplier<RaftServer.Division> division;
    private final BooleanSupplier removed;
    private final LongSupplier appliedIndex;
    private volatile PeerList peerList;

    DivisionView(Supplier<RaftServer.Division> division, BooleanSupplier removed, LongSupplier appliedIndex) {
        this.division = division;
        this.removed = removed;
        this.appliedIndex = appliedIndex;
    }

    boolean isLeader() {
        RaftServer.Division d = live();
        return d != null && d.getInfo().isLeader();
    }

    /**
     * The division while Ratis runs it: null before it starts, after a removal, and once Ratis closed it on its own
     * (it does when its apply thread fails with an error no entry handler caught, and leaves the process running).
     * A closed division keeps answering the role and leader it last had; read through this, the peer reports no Raft
     * server instead, so its readiness check fails.
     */
    private RaftServer.Division live() {
        RaftServer.Division d = division.get();
        return d != null && d.getInfo().isAlive() ? d : null;
    }

    PeerInfo.RaftInfo raftInfo() {
        RaftServer.Division d = live();
        long applied = appliedIndex.getAsLong();
        if (d != null) {
            try {
                long commit = d.getRaftLog().getLastCommittedIndex();
                return new PeerInfo.RaftInfo(role(d),
                        d.getInfo().getCurrentTerm(), commit, applied, Math.max(0, commit - applied),
                        leader().orElse(null));
            } catch (RuntimeException e) {
                // the server is stopping: report it as unavailable below
            }
        }
        return new PeerInfo.RaftInfo(removed.getAsBoolean() ? "removed" : "unavailable", 0, 0, applied, 0, null);
    }

    /** Voters and listeners: every member of the current configuration, in peer-ID order. */
    List<PeerId> peers() {
        return members().all();
    }

    /** The members that vote (count for quorum and may lead), in peer-ID order. */
    List<PeerId> voters() {
        return members().voters();
    }

    private PeerList members() {
        RaftServer.Division d = division.get();
        if (d == null) {
            return PeerList.EMPTY;
        }
        // Asked per pin attempt by the tracker's fetcher; parsing every peer ID (base58) each time showed in
        // profiles. The configuration object is immutable and replaced on change, so it keys the cache.
        RaftConfiguration conf = d.getRaftConf();
        PeerList cached = peerList;
        if (cached == null || cached.conf() != conf) {
            List<PeerId> voters = ids(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
            List<PeerId> all = new ArrayList<>(voters);
            all.addAll(ids(conf.getCurrentPeers(RaftPeerRole.LISTENER)));
            all.sort(null);
            cached = new PeerList(conf, List.copyOf(all), voters);
            peerList = cached;
        }
        return cached;
    }

    private static List<PeerId> ids(Collection<RaftPeer> peers) {
        return peers.stream().map(p -> RaftSettings.peerId(p.getId())).sorted().toList();
    }

    /**
     * This peer's Raft role for display: Ratis' own, except that a voter the leader turned into a listener while it
     * was down keeps Ratis' FOLLOWER role until it restarts (Ratis moves listeners up, never followers down), and
     * with its elections paused ({@link ElectionGate}) it shows CANDIDATE between a leader's silence and the next
     * leader's first append; the configuration says what it is, and that is what counts for quorum.
     */
    private static String role(RaftServer.Division d) {
        RaftPeerRole role = d.getInfo().getCurrentRole();
        if ((role == RaftPeerRole.FOLLOWER || role == RaftPeerRole.CANDIDATE) && d.getRaftConf()
                .getCurrentPeers(RaftPeerRole.LISTENER).stream().anyMatch(p -> p.getId().equals(d.getId()))) {
            role = RaftPeerRole.LISTENER;
        }
        return role.name().toLowerCase(Locale.ROOT);
    }

    Optional<PeerId> leader() {
        RaftServer.Division d = live();
        try {
            var id = d == null ? null : d.getInfo().getLeaderId();
            return id == null ? Optional.empty() : Optional.of(RaftSettings.peerId(id));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
