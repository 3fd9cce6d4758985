package io.pincluster.consensus.ratis;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership changes of the Raft group (through the leader, via Ratis' admin API) and leadership transfer.
 * One change at a time: this peer refuses a second one while its own runs, and the leader refuses one while
 * any other is in progress; both surface as {@code CONFLICT}.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** Removals retried after the leader found this peer's configuration stale, and how long each waits. */
    private static final int STALE_RETRIES = 3;
    private static final Duration STALE_WAIT = Duration.ofSeconds(3);

    private final PeerId self;
    private final Supplier<RaftServer.Division> division;
    private final Supplier<RaftClient> client;
    private final Consumer<PeerRecord> directoryWriter;
    private final Function<PeerId, Optional<PeerRecord>> directory;
    private final ReentrantLock changing = new ReentrantLock();

    Membership(PeerId self, Supplier<RaftServer.Division> division, Supplier<RaftClient> client,
               Consumer<PeerRecord> directoryWriter, Function<PeerId, Optional<PeerRecord>> directory) {
        this.self = self;
        this.division = division;
        this.client = client;
        this.directoryWriter = directoryWriter;
        this.directory = directory;
    }

    void add(PeerId peer, String raftAddress) {
        change(() -> {
            RaftConfiguration conf = stableConfiguration();
            if (conf.getCurrentPeers().stream().anyMatch(p -> p.getId().equals(RaftSettings.raftId(peer)))) {
                return; // already a member
            }
            RaftPeer added = RaftPeer.newBuilder().setId(RaftSettings.raftId(peer)).setAddress(raftAddress).build();
            LOG.info("adding peer {} at {}", peer, raftAddress);
            check(client.get().admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInNewConf(List.of(added)).setMode(SetConfigurationRequest.Mode.ADD).build()), peer);
        });
    }

    void remove(PeerId peer) {
        change(() -> {
            RaftPeerId id = RaftSettings.raftId(peer);
            for (int attempt = 1; ; attempt++) {
                RaftConfiguration conf = stableConfiguration();
                List<RaftPeer> current = new ArrayList<>(conf.getCurrentPeers());
                if (current.stream().noneMatch(p -> p.getId().equals(id))) {
                    if (attempt > 1) {
                        // An earlier attempt's change committed though its answer was a failure (the reply was
                        // lost to a leader change, or a client retry found the configuration already changed).
                        return;
                    }
                    throw new ClusterException(ErrorCode.NOT_FOUND, "peer " + peer + " is not a cluster member");
                }
                if (current.size() == 1) {
                    throw ClusterException.badRequest("cannot remove " + peer + ": it is the only cluster member");
                }
                if (attempt == 1) {
                    // Marked first, so the peer (and every replica) knows it was removed even if it never hears
                    // of the new configuration (e.g. it is down now); it refuses to start as a voter from then on.
                    PeerRecord known = directory.apply(peer).orElse(PeerRecord.member(peer, "", "", ""));
                    directoryWriter.accept(known.asRemoved());
                }
                List<RaftPeer> remaining = current.stream().filter(p -> !p.getId().equals(id)).toList();
                LOG.info("removing peer {}", peer);
                try {
                    check(client.get().admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                            .setServersInCurrentConf(current).setServersInNewConf(remaining)
                            .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build()), peer);
                    return;
                } catch (IOException e) {
                    // The leader compares with its configuration; this peer's copy may simply not have caught up
                    // with a change that just committed (two removals in a row through different peers). Wait
                    // for it and retry; a configuration that does not move is a real conflict.
                    if (attempt >= STALE_RETRIES || !(causeOf(e) instanceof SetConfigurationException)
                            || !awaitNewerConfiguration(conf, STALE_WAIT)) {
                        throw e;
                    }
                }
            }
        });
    }

    /** True once this peer's configuration is no longer {@code seen}; false if it did not change in time. */
    private boolean awaitNewerConfiguration(RaftConfiguration seen, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (division.get().getRaftConf() == seen) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        return true;
    }

    /**
     * If this peer leads a group of several, hands leadership to the follower heard from most recently, so
     * the cluster does not wait an election timeout after this peer stops. Best effort: returns false (and
     * logs) when there is no one to hand over to or the transfer failed.
     */
    boolean transferLeadershipAway(Duration timeout) {
        try {
            RaftServer.Division d = division.get();
            if (!d.getInfo().isLeader()) {
                return false;
            }
            Optional<RaftPeerId> target = d.getInfo().getRoleInfoProto().getLeaderInfo().getFollowerInfoList()
                    .stream()
                    .filter(f -> !f.getId().getId().isEmpty())
                    .filter(f -> d.getRaftConf().getCurrentPeers().stream()
                            .anyMatch(p -> p.getId().toByteString().equals(f.getId().getId())))
                    .min(Comparator.comparingLong(ServerRpcProto::getLastRpcElapsedTimeMs))
                    .map(f -> RaftPeerId.valueOf(f.getId().getId()));
            if (target.isEmpty()) {
                return false;
            }
            long start = System.nanoTime();
            RaftClientReply reply = client.get().admin().transferLeadership(target.get(), timeout.toMillis());
            LOG.info("leadership transferred to {} in {} ms: {}", target.get(),
                    (System.nanoTime() - start) / 1_000_000, reply.isSuccess());
            return reply.isSuccess();
        } catch (IOException | RuntimeException e) {
            LOG.warn("leadership transfer before shutdown failed: {}", e.toString());
            return false;
        }
    }

    /** This peer leaves the cluster: leadership is handed over first, then it removes itself. */
    void leave(Duration transferTimeout) {
        transferLeadershipAway(transferTimeout);
        remove(self);
    }

    private interface Change {
        void run() throws IOException;
    }

    private void change(Change change) {
        if (!changing.tryLock()) {
            throw inProgress();
        }
        try {
            change.run();
        } catch (ReconfigurationInProgressException e) {
            throw inProgress();
        } catch (IOException e) {
            throw map(e);
        } finally {
            changing.unlock();
        }
    }

    private RaftConfiguration stableConfiguration() {
        RaftConfiguration conf = division.get().getRaftConf();
        if (!conf.getPreviousPeers().isEmpty()) {
            throw inProgress();
        }
        return conf;
    }

    private static void check(RaftClientReply reply, PeerId peer) throws IOException {
        if (!reply.isSuccess()) {
            throw reply.getException() != null ? reply.getException()
                    : new IOException("membership change for " + peer + " was not accepted");
        }
    }

    private static ClusterException inProgress() {
        return new ClusterException(ErrorCode.CONFLICT,
                "a membership change is already in progress; retry once it has finished");
    }

    // the client wraps the leader's refusal in a RaftRetryFailureException when it does not retry it
    private static Throwable causeOf(IOException failure) {
        Throwable e = failure;
        while (e.getCause() != null && !(e instanceof ReconfigurationInProgressException
                || e instanceof SetConfigurationException || e instanceof ReconfigurationTimeoutException)) {
            e = e.getCause();
        }
        return e;
    }

    private static ClusterException map(IOException failure) {
        Throwable e = causeOf(failure);
        if (e instanceof ReconfigurationInProgressException) {
            return inProgress();
        }
        if (e instanceof SetConfigurationException) {
            return new ClusterException(ErrorCode.CONFLICT,
                    "the membership changed meanwhile; check the peer list and retry: " + e.getMessage(), failure);
        }
        if (e instanceof ReconfigurationTimeoutException) {
            return new ClusterException(ErrorCode.TIMEOUT,
                    "the new peer did not catch up with the log in time: " + e.getMessage(), failure);
        }
        return new ClusterException(ErrorCode.NO_QUORUM,
                "no quorum: the membership change was not committed (" + failure.getClass().getSimpleName() + ": "
                        + failure.getMessage() + "); a majority of peers must be up", failure);
    }
}
