package io.pincluster.consensus.ratis;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
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
 * Membership changes of the Raft group (through the leader, via Ratis' admin API) and leadership transfer. Up to the
 * target number of members vote; the others are Ratis listeners (decision 0013).
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

    /** How many voters the group keeps; more members join as listeners. */
    private final int targetVoters;
    /** On the leader: the listener to promote in place of a removed voter; empty elsewhere or when none fits. */
    private final Function<Collection<RaftPeer>, Optional<RaftPeer>> successor;

    Membership(PeerId self, Supplier<RaftServer.Division> division, Supplier<RaftClient> client,
               Consumer<PeerRecord> directoryWriter, Function<PeerId, Optional<PeerRecord>> directory,
               int targetVoters, Function<Collection<RaftPeer>, Optional<RaftPeer>> successor) {
        this.self = self;
        this.division = division;
        this.client = client;
        this.directoryWriter = directoryWriter;
        this.directory = directory;
        this.targetVoters = targetVoters;
        this.successor = successor;
    }

    /**
     * Adds {@code peer} as a voter while the group has fewer than the target, otherwise as a listener; returns once
     * the peer caught up. A compare-and-set with both lists: in Ratis 3.3.0's {@code ADD} mode the leader stages the
     * new configuration with only the listeners named in the request, so adding one listener dropped the others
     * (seen in ListenerConsensusTest; {@code LeaderStateImpl.startSetConfiguration} reads the request's list).
     */
    void add(PeerId peer, String raftAddress) {
        change(() -> {
            RaftPeerId id = RaftSettings.raftId(peer);
            for (int attempt = 1; ; attempt++) {
                RaftConfiguration conf = stableConfiguration();
                List<RaftPeer> voters = voters(conf);
                List<RaftPeer> listeners = listeners(conf);
                if (contains(voters, id) || contains(listeners, id)) {
                    return; // already a member (or an earlier attempt committed though its answer was lost)
                }
                RaftPeer added = RaftPeer.newBuilder().setId(id).setAddress(raftAddress).build();
                boolean voter = voters.size() < targetVoters;
                List<RaftPeer> newVoters = new ArrayList<>(voters);
                List<RaftPeer> newListeners = new ArrayList<>(listeners);
                (voter ? newVoters : newListeners).add(added);
                LOG.info("adding peer {} at {} as a {}", peer, raftAddress, voter ? "voter" : "listener");
                try {
                    compareAndSet(voters, listeners, newVoters, newListeners, peer);
                    return;
                } catch (IOException e) {
                    if (attempt >= STALE_RETRIES || !(causeOf(e) instanceof SetConfigurationException)
                            || !awaitNewerConfiguration(conf, STALE_WAIT)) {
                        throw e;
                    }
                }
            }
        });
    }

    /**
     * Removes {@code peer}, voter or listener. A voter's place goes, in the same configuration change, to a caught-up
     * listener when this peer leads and has one (joint consensus: the old and the new voters each keep a majority);
     * otherwise the leader's {@link VoterKeeper} promotes one on its next round.
     */
    void remove(PeerId peer) {
        change(() -> {
            RaftPeerId id = RaftSettings.raftId(peer);
            for (int attempt = 1; ; attempt++) {
                RaftConfiguration conf = stableConfiguration();
                List<RaftPeer> voters = voters(conf);
                List<RaftPeer> listeners = listeners(conf);
                boolean voter = contains(voters, id);
                if (!voter && !contains(listeners, id)) {
                    if (attempt > 1) {
                        // An earlier attempt's change committed though its answer was a failure (the reply was
                        // lost to a leader change, or a client retry found the configuration already changed).
                        return;
                    }
                    throw new ClusterException(ErrorCode.NOT_FOUND, "peer " + peer + " is not a cluster member");
                }
                if (voter && voters.size() == 1) {
                    throw ClusterException.badRequest("cannot remove " + peer + ": it is the only "
                            + (listeners.isEmpty() ? "cluster member" : "voter"));
                }
                if (attempt == 1) {
                    // Marked first, so the peer (and every replica) knows it was removed even if it never hears
                    // of the new configuration (e.g. it is down now); it refuses to start as a voter from then on.
                    PeerRecord known = directory.apply(peer).orElse(PeerRecord.member(peer, "", "", ""));
                    directoryWriter.accept(known.asRemoved());
                }
                List<RaftPeer> newVoters = without(voters, id);
                List<RaftPeer> newListeners = without(listeners, id);
                Optional<RaftPeer> promoted = voter ? successor.apply(newListeners) : Optional.empty();
                promoted.ifPresent(p -> {
                    newVoters.add(p);
                    newListeners.removeIf(l -> l.getId().equals(p.getId()));
                });
                LOG.info("removing peer {}{}", peer, promoted.map(p -> "; listener " + p.getId()
                        + " becomes a voter in its place").orElse(""));
                try {
                    compareAndSet(voters, listeners, newVoters, newListeners, peer);
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

    /**
     * Listener {@code listener} becomes a voter; with {@code demoted} (a voter the leader has not heard from for
     * long) that voter becomes a listener in the same change, so the number of voters stays. Skipped (false) while
     * another change runs or when the configuration no longer matches; never throws for that.
     */
    boolean promote(PeerId listener, PeerId demoted) {
        if (!changing.tryLock()) {
            return false;
        }
        try {
            RaftConfiguration conf = division.get().getRaftConf();
            if (!conf.getPreviousPeers().isEmpty()) {
                return false;
            }
            List<RaftPeer> voters = voters(conf);
            List<RaftPeer> listeners = listeners(conf);
            RaftPeerId up = RaftSettings.raftId(listener);
            Optional<RaftPeer> promoted = listeners.stream().filter(p -> p.getId().equals(up)).findFirst();
            if (promoted.isEmpty()) {
                return false;
            }
            List<RaftPeer> newVoters = new ArrayList<>(voters);
            List<RaftPeer> newListeners = without(listeners, up);
            newVoters.add(promoted.get());
            if (demoted != null) {
                RaftPeerId down = RaftSettings.raftId(demoted);
                Optional<RaftPeer> old = voters.stream().filter(p -> p.getId().equals(down)).findFirst();
                if (old.isEmpty()) {
                    return false;
                }
                newVoters.remove(old.get());
                newListeners.add(old.get());
            }
            LOG.info("listener {} becomes a voter{}", listener, demoted == null ? ""
                    : " in place of " + demoted + ", which becomes a listener (not heard from for too long)");
            compareAndSet(voters, listeners, newVoters, newListeners, listener);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("promoting listener {} failed: {}", listener, e.toString());
            return false;
        } finally {
            changing.unlock();
        }
    }

    // COMPARE_AND_SET with both lists: the leader applies it only to the configuration this peer based it on.
    private void compareAndSet(List<RaftPeer> voters, List<RaftPeer> listeners, List<RaftPeer> newVoters,
                               List<RaftPeer> newListeners, PeerId peer) throws IOException {
        check(client.get().admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                .setServersInCurrentConf(voters).setListenersInCurrentConf(listeners)
                .setServersInNewConf(newVoters).setListenersInNewConf(newListeners)
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build()), peer);
    }

    static List<RaftPeer> voters(RaftConfiguration conf) {
        return new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    }

    static List<RaftPeer> listeners(RaftConfiguration conf) {
        return new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    }

    private static boolean contains(Collection<RaftPeer> peers, RaftPeerId id) {
        return peers.stream().anyMatch(p -> p.getId().equals(id));
    }

    private static List<RaftPeer> without(Collection<RaftPeer> peers, RaftPeerId id) {
        return peers.stream().filter(p -> !p.getId().equals(id)).collect(java.util.stream.Collectors.toCollection(
                ArrayList::new));
    }

    /** True once this peer's configuration is no longer {@code seen}; false if it did not change in time. */
    private boolean awaitNewerConfiguration(RaftConfiguration seen, Duration max) {
        return awaitConfiguration(conf -> conf != seen, max) != null;
    }

    /** This peer's configuration once {@code wanted} holds for it, polled every 20 ms; null if not within {@code max}. */
    private RaftConfiguration awaitConfiguration(java.util.function.Predicate<RaftConfiguration> wanted, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (RaftConfiguration conf = division.get().getRaftConf(); ; conf = division.get().getRaftConf()) {
            if (wanted.test(conf)) {
                return conf;
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    /**
     * If this peer leads a group of several, hands leadership to the follower heard from most recently, so
     * the cluster does not wait an election timeout after this peer stops. Best effort: returns false (and
     * logs) when there is no one to hand over to or the transfer failed.
     */
    boolean transferLeadershipAway(Duration timeout) {
        return transferLeadershipAway(timeout, follower -> false);
    }

    /**
     * Ends this peer's term as leader without giving leadership to {@code avoided} (decision 0029): hands it to
     * another follower, or, when none takes it, steps down so the next election picks one. True when this peer
     * no longer leads.
     */
    boolean giveUpLeadershipAvoiding(RaftPeerId avoided, Duration timeout) {
        if (transferLeadershipAway(timeout, avoided::equals)) {
            return true;
        }
        try {
            CompletableFuture<RaftClientReply> stepDown = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.get().admin().transferLeadership(null, timeout.toMillis());
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, TRANSFERS);
            RaftClientReply reply = stepDown.get(timeout.toMillis() + TRANSFER_MARGIN_MS, TimeUnit.MILLISECONDS);
            LOG.info("stepped down as leader: {}", reply.isSuccess());
            return reply.isSuccess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            LOG.warn("stepping down as leader failed: {}", e.toString());
            return false;
        }
    }

    private boolean transferLeadershipAway(Duration timeout, java.util.function.Predicate<RaftPeerId> excluded) {
        try {
            RaftServer.Division d = division.get();
            if (!d.getInfo().isLeader()) {
                return false;
            }
            // Only a follower heard from within the timeout: a follower that is down (its peers stopping at once, a
            // crash) refuses the transfer, and the Raft client would resend it for its own, longer, retry budget.
            Optional<RaftPeerId> target = d.getInfo().getRoleInfoProto().getLeaderInfo().getFollowerInfoList()
                    .stream()
                    .filter(f -> !f.getId().getId().isEmpty())
                    .filter(f -> !excluded.test(RaftPeerId.valueOf(f.getId().getId())))
                    .filter(f -> f.getLastRpcElapsedTimeMs() < timeout.toMillis())
                    .filter(f -> d.getRaftConf().getCurrentPeers().stream()
                            .anyMatch(p -> p.getId().toByteString().equals(f.getId().getId())))
                    .min(Comparator.comparingLong(ServerRpcProto::getLastRpcElapsedTimeMs))
                    .map(f -> RaftPeerId.valueOf(f.getId().getId()));
            if (target.isEmpty()) {
                return false;
            }
            long start = System.nanoTime();
            // Bounded by the timeout whatever the client's retry policy does: a stopping peer must not wait on it.
            CompletableFuture<RaftClientReply> transfer = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.get().admin().transferLeadership(target.get(), timeout.toMillis());
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, TRANSFERS);
            RaftClientReply reply = transfer.get(timeout.toMillis() + TRANSFER_MARGIN_MS, TimeUnit.MILLISECONDS);
            LOG.info("leadership transferred to {} in {} ms: {}", target.get(),
                    (System.nanoTime() - start) / 1_000_000, reply.isSuccess());
            return reply.isSuccess();
        } catch (TimeoutException e) {
            LOG.warn("leadership transfer gave up after {} ms",
                    timeout.toMillis() + TRANSFER_MARGIN_MS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("leadership transfer failed: {}", e.toString());
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

    /**
     * This peer's configuration once it is not a joint one. A change the leader just committed reaches a follower's
     * replica a heartbeat or two later, so an operator who waited for one removal and asks another peer for the next
     * saw a conflict (a CI run, session 17): a joint configuration is waited out for a few seconds first.
     */
    private RaftConfiguration stableConfiguration() {
        RaftConfiguration conf = awaitConfiguration(c -> c.getPreviousPeers().isEmpty(), STALE_WAIT);
        if (conf == null) {
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

    /** Beyond the transfer's own timeout: the request's round trip. */
    private static final long TRANSFER_MARGIN_MS = 500;
    /** Runs the blocking transfer call, so its caller can stop waiting; daemon: a stopping JVM must not wait. */
    private static final java.util.concurrent.Executor TRANSFERS = r -> {
        Thread t = new Thread(r, "leadership-transfer");
        t.setDaemon(true);
        t.start();
    };

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
