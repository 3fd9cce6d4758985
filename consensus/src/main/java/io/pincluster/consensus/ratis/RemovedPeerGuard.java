package io.pincluster.consensus.ratis;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zombie prevention: a peer the cluster removed never comes back on its own. At start, a peer whose own Raft
 * configuration no longer includes it, or that the replicated peer directory marks removed (it was removed while it
 * was down and never saw the new configuration), refuses to start. While running, this peer's tombstone applied from
 * the log stops its Raft server: Ratis does not stop a removed follower that missed the new configuration (it keeps
 * campaigning). Once stopped, {@link #isRemoved()} holds and the consensus answers every request with
 * {@link #error()}.
 */
final class RemovedPeerGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RemovedPeerGuard.class);

    /** Stops the Raft server of a removed peer, unless the consensus is already shut down; true if it stopped it. */
    interface ServerStop {
        boolean stopServer();
    }

    private final PeerId self;
    private final RaftPeerId selfRaftId;
    private final PeerDirectory directory;
    private final Executor recheck;
    private final ServerStop stop;
    private volatile boolean removed;

    /**
     * @param recheck runs the check that stops the server, a while after the tombstone was applied (the consensus
     *                uses an election timeout): a peer that was removed and later joined again replays the old
     *                tombstone followed by its new registration, and must not stop then
     * @param stop         stops the server; it calls {@link #markRemoved()} first, under the same lock as its own
     *                     shutdown, so a request never sees a stopped server without the removal behind it
     */
    RemovedPeerGuard(PeerId self, PeerDirectory directory, Executor recheck, ServerStop stop) {
        this.self = Objects.requireNonNull(self, "self");
        this.selfRaftId = RaftSettings.raftId(self);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.recheck = Objects.requireNonNull(recheck, "recheck");
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    /**
     * Why this peer must not start, once its local log is replayed: empty if it may. {@code awaitApplied} waits until
     * the replica applied the local log (the directory's tombstone is in it); it is only called when the
     * configuration still includes this peer.
     */
    Optional<String> refusalAtStart(RaftServer.Division division, Runnable awaitApplied, Path raftFolder) {
        List<RaftPeer> conf = new ArrayList<>(division.getRaftConf().getCurrentPeers());
        conf.addAll(division.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER));
        boolean notInConf = !conf.isEmpty() && conf.stream().noneMatch(p -> p.getId().equals(selfRaftId));
        if (!notInConf) {
            awaitApplied.run();
        }
        if (!notInConf && !markedRemoved()) {
            return Optional.empty();
        }
        return Optional.of("peer " + self + " was removed from the cluster (" + (notInConf
                ? "the Raft configuration it last saw does not include it" : "the peer directory marks it removed")
                + "); it does not rejoin on its own. To join again, delete its Raft folder " + raftFolder
                + " and start it with --join <address of a running peer>");
    }

    /** Told of every peer record the replica applies: this peer's tombstone stops it, after the re-check. */
    void peerRecordApplied(PeerRecord record) {
        if (!record.removed() || !record.id().equals(self)) {
            return;
        }
        recheck.execute(this::stopIfStillRemoved);
    }

    private void stopIfStillRemoved() {
        if (markedRemoved() && stop.stopServer()) {
            LOG.warn("peer {} was removed from the cluster: stopped its Raft server; it will not rejoin on its own",
                    self);
        }
    }

    /** For {@link ServerStop}: from now on this peer is removed. */
    void markRemoved() {
        removed = true;
    }

    boolean isRemoved() {
        return removed;
    }

    /** What a removed peer answers to every request. */
    static ClusterException error() {
        return new ClusterException(ErrorCode.UNAVAILABLE, "this peer was removed from the cluster; send requests to another peer");
    }

    private boolean markedRemoved() {
        return directory.get(self).map(PeerRecord::removed).orElse(false);
    }
}
