package io.pincluster.consensus.ratis;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/** What this peer's Raft server says about the group: its role, indexes, leader and members, read live. */
final class DivisionView {
    private record PeerList(RaftConfiguration conf, List<PeerId> ids) {
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
        RaftServer.Division d = division.get();
        return d != null && d.getInfo().isLeader();
    }

    PeerInfo.RaftInfo raftInfo() {
        RaftServer.Division d = division.get();
        long applied = appliedIndex.getAsLong();
        if (d != null) {
            try {
                long commit = d.getRaftLog().getLastCommittedIndex();
                return new PeerInfo.RaftInfo(d.getInfo().getCurrentRole().name().toLowerCase(Locale.ROOT),
                        d.getInfo().getCurrentTerm(), commit, applied, Math.max(0, commit - applied),
                        leader().orElse(null));
            } catch (RuntimeException e) {
                // the server is stopping: report it as unavailable below
            }
        }
        return new PeerInfo.RaftInfo(removed.getAsBoolean() ? "removed" : "unavailable", 0, 0, applied, 0, null);
    }

    List<PeerId> peers() {
        RaftServer.Division d = division.get();
        if (d == null) {
            return List.of();
        }
        // Asked per pin attempt by the tracker's fetcher; parsing every peer ID (base58) each time showed in
        // profiles. The configuration object is immutable and replaced on change, so it keys the cache.
        RaftConfiguration conf = d.getRaftConf();
        PeerList cached = peerList;
        if (cached == null || cached.conf() != conf) {
            cached = new PeerList(conf, conf.getCurrentPeers().stream().map(p -> RaftSettings.peerId(p.getId()))
                    .sorted().toList());
            peerList = cached;
        }
        return cached.ids();
    }

    Optional<PeerId> leader() {
        RaftServer.Division d = division.get();
        try {
            var id = d == null ? null : d.getInfo().getLeaderId();
            return id == null ? Optional.empty() : Optional.of(RaftSettings.peerId(id));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
