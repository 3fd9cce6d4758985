package io.pincluster.consensus.ratis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.LeaderElectionManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this peer from campaigning while its Raft configuration does not make it a voter (decision 0013).
 *
 * <p>Ratis 3.3.0 never moves a running FOLLOWER down to LISTENER when a configuration change demotes it (only a
 * restart does), so a demoted voter still runs the follower's election timer. When its leader goes quiet it becomes a
 * candidate, finds itself outside the voters ({@code LeaderElection.submitRequestAndWaitResult}: NOT_IN_CONF) and
 * shuts its own division down. A voter that was demoted while down comes back with the old configuration, and the
 * leader answers its (pre-)vote request with "shut down" ({@code RaftServerImpl.shouldSendShutdown}: not a voter and
 * behind the configuration). Pausing its elections (Ratis' {@code LeaderElectionManagementApi}: the paused server
 * turns candidate but never asks for votes, and the next append from a leader makes it a follower again) keeps it
 * alive as a listener; the first restart after the demotion starts it as a real LISTENER. The gate resumes elections
 * as soon as a configuration makes this peer a voter again (a promotion).
 *
 * <p>The configuration is read on every change and every {@code interval}: Ratis adopts a configuration entry when it
 * is appended, which is before it is applied and the state machine hears of it.
 */
final class ElectionGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionGate.class);

    private final Supplier<RaftServer> server;
    private final Supplier<RaftServer.Division> division;
    private final RaftPeerId self;
    private final RaftGroupId group;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callId = new AtomicLong();
    private final PeriodicCheck timer;
    /** What this gate last told Ratis; Ratis starts unpaused. */
    private boolean paused;
    /** Whether the log already says that Ratis closed this peer's division. */
    private boolean reportedClosed;

    ElectionGate(String name, Supplier<RaftServer> server, Supplier<RaftServer.Division> division, RaftPeerId self,
                 RaftGroupId group) {
        this.server = server;
        this.division = division;
        this.self = self;
        this.group = group;
        this.timer = new PeriodicCheck("election-gate", name, this::check);
    }

    void start(Duration interval) {
        timer.start(Duration.ZERO, interval);
    }

    /** Checks now, off the caller's thread (the state machine's apply thread calls this on a configuration change). */
    void checkSoon() {
        timer.runSoon();
    }

    /** Whether this peer's elections are paused now (tests). */
    synchronized boolean paused() {
        return paused;
    }

    synchronized void check() {
        RaftServer.Division d = division.get();
        RaftServer s = server.get();
        if (d == null || s == null || d.getInfo().isLeader()) {
            return;
        }
        if (!d.getInfo().isAlive()) {
            if (!reportedClosed) {
                reportedClosed = true; // Ratis logs why only at INFO, which our logging configuration hides
                LOG.error("Ratis closed this peer's Raft division: it takes no part in consensus until the daemon is "
                        + "restarted. Most likely it asked for votes with a configuration in which it still voted, "
                        + "before the leader reached it, and the leader told it to shut down (decision 0013)");
            }
            return;
        }
        RaftConfiguration conf = d.getRaftConf();
        if (conf.getCurrentPeers(RaftPeerRole.FOLLOWER).isEmpty()) {
            return; // no configuration yet (a joiner before it is added): Ratis does not run its election timer
        }
        boolean voter = conf.getCurrentPeers(RaftPeerRole.FOLLOWER).stream().anyMatch(p -> p.getId().equals(self));
        if (voter == !paused) {
            return;
        }
        try {
            long call = callId.incrementAndGet();
            RaftClientReply reply = s.leaderElectionManagement(voter
                    ? LeaderElectionManagementRequest.newResume(clientId, self, group, call)
                    : LeaderElectionManagementRequest.newPause(clientId, self, group, call));
            if (reply.isSuccess()) {
                paused = !voter;
                LOG.info(voter ? "this peer votes again: its Raft elections resume"
                        : "this peer is a Raft listener now: its elections are paused so it does not campaign");
            } else {
                LOG.warn("could not {} this peer's Raft elections: {}", voter ? "resume" : "pause",
                        reply.getException());
            }
        } catch (java.io.IOException e) {
            LOG.warn("could not {} this peer's Raft elections: {}", voter ? "resume" : "pause", e.toString());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
