package io.pincluster.consensus.ratis;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.consensus.codec.RevocationCodec;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.state.WriteStageTimes;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.core.token.RevokedTokens;
import io.pincluster.core.token.TokenRevocation;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's member of the pinset Raft group: a Ratis server with a {@link PinSetStateMachine}, plus a
 * Ratis client through which this peer's writes reach the leader in batches ({@link BatchSubmitter}).
 */
public final class RatisConsensus implements Consensus {
    private static final Logger LOG = LoggerFactory.getLogger(RatisConsensus.class);
    private static final int EXPIRY_SWEEP_LIMIT = 10_000;
    private static final java.time.Duration VOTER_CHECK_INTERVAL = java.time.Duration.ofSeconds(1);
    /** Well below any election timeout: a demoted voter must be paused before its leader can go quiet. */
    private static final java.time.Duration ELECTION_GATE_INTERVAL = java.time.Duration.ofMillis(100);

    private final ConsensusConfig config;
    private final Clock clock;
    private final PeerTls tls;
    /** This peer's clock, never before a time already in the log; decisions and the expiry sweep use it. */
    private final DecisionClock decisionClock;
    private final PinSetState state;
    private final PeerDirectory directory;
    private final RevokedTokens revoked = new RevokedTokens();
    private final io.pincluster.core.psa.PsaTable psaPins = new io.pincluster.core.psa.PsaTable();
    private final io.pincluster.core.cold.ArchiveIndex archives = new io.pincluster.core.cold.ArchiveIndex();
    /** Built by start(decider): the leader's decisions need the decider. */
    private volatile PinSetStateMachine stateMachine;
    private volatile DirectWrites writes; // built by start(decider), with the client and the state machine
    private final ReplicatedPsaRecords psaRecords = new ReplicatedPsaRecords(this::directWrites, psaPins);
    private final ReplicatedArchiveRecords archiveRecords = new ReplicatedArchiveRecords(this::directWrites, archives);
    private final DivisionView view;
    private RaftServer server;
    private FollowingRaftClient client;
    private Membership membership;
    private volatile VoterKeeper keeper;
    private volatile StalledFollowerWatch stalledFollowers;
    /** Pauses this peer's elections while the configuration makes it a listener (decision 0013). */
    private volatile ElectionGate gate;
    private volatile BatchedWrites pinWrites; // built by start(decider)
    private volatile boolean closed;
    /** Whether {@link #close()} hands leadership over first; not when a test stops this peer as a crash would. */
    private volatile boolean handOver = true;
    private final WriteStageTimes writeTimes = new WriteStageTimes();
    private final RemovedPeerGuard removal;
    /**
     * Computed once: every read of the division (the members, on each allocation decision) used to derive it again,
     * an MD5 of the group name each time (~4% of a leader's decisions during a large repair).
     */
    private final RaftGroupId groupId;

    /**
     * A consensus not yet started: its replica ({@link #state()}) can be subscribed to, its members are empty.
     *
     * @param clock the leader's time source for pin timestamps and expiry
     * @param tls this peer's mutual TLS: the Raft port and every Raft client use it, there is no plaintext link
     */
    public RatisConsensus(ConsensusConfig config, Clock clock, PeerTls tls) {
        this(config, clock, tls, new PeerDirectory());
    }

    /**
     * As above, replicating into {@code directory}, which the caller may read before this is built or started (the
     * TLS trust manager refuses the peers it marks removed). It must be empty and written by nothing else.
     */
    public RatisConsensus(ConsensusConfig config, Clock clock, PeerTls tls, PeerDirectory directory) {
        this(config, clock, tls, directory, UnaryOperator::identity);
    }

    /**
     * As above; a loaded snapshot's pins take the CID objects {@code heldCids} gives (see
     * {@link PinSetState#PinSetState(Supplier)}).
     */
    public RatisConsensus(ConsensusConfig config, Clock clock, PeerTls tls, PeerDirectory directory,
                          Supplier<? extends UnaryOperator<Cid>> heldCids) {
        this.state = new PinSetState(heldCids);
        this.view = new DivisionView(this::divisionOrNull, this::isRemoved, state::appliedIndex);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.decisionClock = new DecisionClock(clock);
        this.groupId = RaftSettings.groupId(config);
        this.removal = new RemovedPeerGuard(config.peerId(), directory, CompletableFuture.delayedExecutor(
                config.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS), this::stopRemovedServer);
    }

    @Override
    public synchronized void start(PinDecider decider) throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("consensus can be started once");
        }
        stateMachine = new PinSetStateMachine(state, directory, revoked, psaPins, archives, new LeaderDecisions(
                Objects.requireNonNull(decider, "decider"), decisionClock), shortName(config.peerId()),
                new SnapshotTrigger.Limits(config.snapshotThreshold(), config.snapshotPins(),
                        config.snapshotLogBytes()), writeTimes);
        stateMachine.onPeerRecord(removal::peerRecordApplied);
        server = RaftServer.newBuilder()
                .setServerId(RaftSettings.raftId(config.peerId()))
                .setGroup(RaftSettings.initialGroup(config))
                .setProperties(RaftSettings.server(config))
                .setParameters(RaftSettings.serverTls(tls, this::isRaftMember))
                .setStateMachine(stateMachine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        refuseIfRemoved();
        // On restart Raft's own configuration (from its log) wins over the bootstrap list.
        List<RaftPeer> current = new ArrayList<>(division().getRaftConf().getCurrentPeers());
        List<RaftPeer> firstPeers = current.isEmpty() ? RaftSettings.initialGroup(config).getPeers().stream()
                .filter(p -> p.getStartupRole() == RaftPeerRole.FOLLOWER).toList() : current;
        client = new FollowingRaftClient(firstPeers, this::currentPeers, peers -> RaftClient.newBuilder()
                .setRaftGroup(RaftGroup.valueOf(groupId, peers))
                .setProperties(RaftSettings.client(config)).setParameters(RaftSettings.tls(tls))
                .setRetryPolicy(RaftSettings.clientRetry(config)).build(),
                config.requestTimeout().plusSeconds(1));
        gate = new ElectionGate(shortName(config.peerId()), () -> server, this::divisionOrNull,
                RaftSettings.raftId(config.peerId()), groupId);
        gate.start(ELECTION_GATE_INTERVAL);
        stateMachine.onConfigurationChanged(() -> {
            client.configurationChanged();
            gate.checkSoon();
        });
        client.configurationChanged(); // a change may have been applied before the callback was set
        writes = new DirectWrites(client::get, stateMachine, config.requestTimeout(), removal::isRemoved,
                this::toClusterException);
        membership = new Membership(config.peerId(), this::divisionOrFail, client::get, this::register,
                directory::get, config.voters(), listeners -> keeper.successor(listeners));
        keeper = new VoterKeeper(shortName(config.peerId()), this::divisionOrNull, membership, config.voters(),
                config.voterReplaceAfter(), config.electionTimeoutMax(), this::mayVote, this::inMaintenance);
        keeper.start(VOTER_CHECK_INTERVAL);
        // Ten election timeouts (30 s by default): far beyond a follower's normal catch-up pauses, far below the
        // quarter of an hour a stalled follower was once left out (decision 0029).
        stalledFollowers = new StalledFollowerWatch(shortName(config.peerId()), this::divisionOrNull,
                config.electionTimeoutMax().multipliedBy(10), config.electionTimeoutMax().multipliedBy(3),
                stalled -> membership.giveUpLeadershipAvoiding(stalled, config.electionTimeoutMax()),
                new AppendRefusals(this::divisionOrNull), System::nanoTime);
        stalledFollowers.start(VOTER_CHECK_INTERVAL);
        LocalLeaderSubmit localLeader = new LocalLeaderSubmit(this::divisionOrNull, client::get, this::currentPeers,
                RaftSettings.raftId(config.peerId()), groupId, config.requestTimeout());
        pinWrites = new BatchedWrites(shortName(config.peerId()), config, localLeader, client::get, stateMachine,
                state, removal::isRemoved, this::toClusterException, writeTimes);
    }

    /** Refuses to start a peer the cluster removed (see {@link RemovedPeerGuard}), once its log is replayed. */
    private void refuseIfRemoved() throws IOException {
        RaftServer.Division d = division();
        Optional<String> refusal = removal.refusalAtStart(d, () -> stateMachine.awaitAppliedQuietly(
                d.getRaftLog().getLastCommittedIndex(), config.requestTimeout()), config.storageDir());
        if (refusal.isPresent()) {
            closeQuietly(server);
            server = null;
            closed = true;
            throw new ClusterException(ErrorCode.CONFLICT, refusal.get());
        }
    }

    /** {@link RemovedPeerGuard.ServerStop}: under this lock, so that it never races {@link #close()}. */
    private synchronized boolean stopRemovedServer() {
        if (closed || server == null) {
            return false;
        }
        removal.markRemoved();
        closeQuietly(server);
        return true;
    }

    @Override
    public boolean isRemoved() {
        return removal.isRemoved();
    }

    /**
     * A division Ratis closed while this peer is still a member of its last configuration. A division closed
     * because the leader's configuration left this peer out is a removal in progress (the directory's record
     * follows, see {@link RemovedPeerGuard}), not a failure.
     */
    @Override
    public Optional<String> failure() {
        RaftServer.Division d;
        synchronized (this) {
            if (closed || server == null || removal.isRemoved()) {
                return Optional.empty();
            }
            try {
                d = division();
            } catch (IOException e) {
                return Optional.empty(); // joining: no division of the group yet
            }
        }
        if (d.getInfo().isAlive()) {
            return Optional.empty();
        }
        if (!isRaftMember(config.peerId())) {
            return Optional.empty();
        }
        return Optional.of("Ratis stopped this peer's Raft server on its own (state "
                + d.getInfo().getLifeCycleState() + "; its error is logged above)");
    }

    /**
     * Whether {@code peer} is in this server's Raft configuration (current, or previous while a change is in
     * progress); true while the configuration is not known yet (the server is starting, or joining: it starts
     * outside any group).
     */
    private boolean isRaftMember(PeerId peer) {
        RaftServer.Division d;
        try {
            d = server == null ? null : division();
        } catch (IOException e) {
            d = null;
        }
        if (d == null) {
            return true;
        }
        RaftPeerId id = RaftSettings.raftId(peer);
        RaftConfiguration conf = d.getRaftConf();
        if (conf.getCurrentPeers().isEmpty() && conf.getCurrentPeers(RaftPeerRole.LISTENER).isEmpty()) {
            return true;
        }
        // voters and listeners, of the current and (while a change is in progress) the previous configuration
        return conf.getAllPeers(RaftPeerRole.FOLLOWER).stream().anyMatch(p -> p.getId().equals(id))
                || conf.getAllPeers(RaftPeerRole.LISTENER).stream().anyMatch(p -> p.getId().equals(id));
    }

    /** A listener may be promoted unless the directory marks it removed or being drained. */
    private boolean mayVote(PeerId peer) {
        return directory.get(peer).map(r -> !r.removed() && r.drain() == PeerRecord.Drain.NONE).orElse(true);
    }

    private boolean inMaintenance(PeerId peer) {
        return directory.get(peer).map(r -> r.maintenanceUntil() != null && r.maintenanceUntil().isAfter(clock.instant()))
                .orElse(false);
    }

    private List<RaftPeer> currentPeers() {
        try {
            return new ArrayList<>(division().getRaftConf().getCurrentPeers());
        } catch (IOException e) {
            return List.of();
        }
    }

    private RaftServer.Division divisionOrFail() {
        try {
            return division();
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "this peer's Raft server is not running: " + e, e);
        }
    }

    private RaftServer.Division divisionOrNull() {
        try {
            return removal.isRemoved() || server == null ? null : division();
        } catch (IOException e) {
            return null;
        }
    }

    private ClusterException toClusterException(Exception e) {
        if (removal.isRemoved()) {
            return RemovedPeerGuard.error();
        }
        if (e instanceof StateMachineException) {
            return new ClusterException(ErrorCode.BAD_REQUEST, "the leader refused the request: " + e.getMessage(), e);
        }
        if (e instanceof ResourceUnavailableException) {
            return new ClusterException(ErrorCode.UNAVAILABLE, "the leader is overloaded, retry later", e);
        }
        if (closed) {
            return new ClusterException(ErrorCode.UNAVAILABLE, "consensus is shut down", e);
        }
        String detail = e == null ? "no reply" : e.getClass().getSimpleName();
        return BatchedWrites.noQuorum(config.requestTimeout(), detail);
    }

    @Override
    public void addPeer(PeerId peer, String raftAddress) {
        Objects.requireNonNull(peer, "peer");
        require(raftAddress != null && raftAddress.lastIndexOf(':') > 0,
                "the Raft address of " + peer + " must be host:port, not '" + raftAddress + "'");
        started().add(peer, raftAddress);
    }

    @Override
    public void removePeer(PeerId peer) {
        started().remove(Objects.requireNonNull(peer, "peer"));
    }

    @Override
    public void leave() {
        started().leave(config.electionTimeoutMax());
    }

    @Override
    public void register(PeerRecord record) {
        Objects.requireNonNull(record, "record");
        directWrites().send(DirectoryCodec.encode(record), "peer directory change", this::toClusterException);
    }

    /**
     * {@inheritDoc} Sent straight to the leader, not batched: revocations are rare, and the caller waits for this one.
     * A leader of a build from before revocations were replicated refuses the request as an unknown message
     * ({@code UNAVAILABLE}, see decision 0007).
     */
    @Override
    public void revoke(TokenRevocation revocation) {
        Objects.requireNonNull(revocation, "revocation");
        directWrites().send(RevocationCodec.encodeRequest(revocation), "token revocation", refused -> null);
    }

    /**
     * The replicated state copied at one applied index that covers every write any peer acknowledged before this
     * call: an empty request batch goes through the leader first (a barrier: its log index is above every entry
     * committed before it), and the copy is taken once this peer has applied that index. Writes keep flowing; apply
     * pauses only while the pin references are copied. Fails with {@code NO_QUORUM} when the barrier is not committed.
     */
    StateCut consistentCut() {
        started();
        long barrier;
        try {
            RaftClientReply reply = client.get().io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(
                    new PinOpCodec().encodeRequests(List.of()))));
            if (!reply.isSuccess()) {
                throw toClusterException(reply.getException());
            }
            barrier = reply.getLogIndex();
        } catch (IOException e) {
            throw toClusterException(e);
        }
        if (!stateMachine.awaitAppliedQuietly(barrier, config.requestTimeout())) {
            throw new ClusterException(ErrorCode.TIMEOUT, "the backup's barrier was committed at log index " + barrier
                    + " but this peer has applied only up to " + state.appliedIndex() + "; retry or ask another peer");
        }
        return stateMachine.cut();
    }

    /** This peer's ID. */
    PeerId peerId() {
        return config.peerId();
    }

    /** The Pinning Service API's pin requests and tenants, replicated by this consensus (decisions 0011, 0017). */
    @Override
    public io.pincluster.core.psa.PsaRecords psaRecords() {
        return psaRecords;
    }

    /** The cold tier's archive index, replicated by this consensus (decision 0019). */
    @Override
    public io.pincluster.core.cold.ArchiveRecords archiveRecords() {
        return archiveRecords;
    }

    private DirectWrites directWrites() {
        started();
        return writes;
    }

    @Override
    public boolean isRevoked(String tokenId, String user) {
        return revoked.isRevoked(tokenId, user);
    }

    @Override
    public int revokedBy(String user) {
        return revoked.ownedBy(user);
    }

    /** The revoked tokens this replica holds (tests look at what expired revocations were forgotten). */
    public java.util.List<TokenRevocation> revocations() {
        return revoked.all();
    }

    @Override
    public List<PeerRecord> directory() {
        return directory.all();
    }

    private Membership started() {
        if (membership == null || closed) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, closed ? "consensus is shut down"
                    : "consensus is not started");
        }
        return membership;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw ClusterException.badRequest(message);
        }
    }

    @Override
    public PinSetView state() {
        return state;
    }

    @Override
    public CompletableFuture<Pin> pinAsync(Cid cid, PinOptions options) {
        Objects.requireNonNull(cid, "cid");
        return execute(new PinRequest.Pin(cid, options == null ? PinOptions.DEFAULTS : options));
    }

    @Override
    public CompletableFuture<Pin> unpinAsync(Cid cid) {
        return execute(new PinRequest.Unpin(Objects.requireNonNull(cid, "cid")));
    }

    @Override
    public CompletableFuture<Pin> reallocateAsync(Cid cid, Set<PeerId> leaving, boolean topUp) {
        return reallocateAllAsync(List.of(new Reallocation(cid, leaving, topUp))).get(0);
    }

    @Override
    public List<CompletableFuture<Pin>> reallocateAllAsync(List<Reallocation> moves) {
        List<PinRequest> requests = new ArrayList<>(moves.size());
        for (Reallocation m : moves) {
            requests.add(new PinRequest.Reallocate(Objects.requireNonNull(m.cid(), "cid"), List.copyOf(m.leaving()),
                    m.topUp()));
        }
        BatchedWrites w = pinWrites;
        return w == null ? Collections.nCopies(requests.size(), notStarted()) : w.executeAll(requests);
    }

    /** The decision on {@code request} once committed ({@link BatchedWrites#execute}). */
    private CompletableFuture<Pin> execute(PinRequest request) {
        BatchedWrites w = pinWrites;
        return w == null ? notStarted() : w.execute(request);
    }

    private static CompletableFuture<Pin> notStarted() {
        return CompletableFuture.failedFuture(new ClusterException(ErrorCode.UNAVAILABLE, "consensus is not started"));
    }

    /**
     * {@inheritDoc} Waits for the highest log index this peer answered a write for, at most the request timeout;
     * then fails with TIMEOUT (this peer lost touch with the leader after the commit, so it cannot show the write).
     */
    @Override
    public CompletableFuture<Void> acknowledgedWritesApplied() {
        BatchedWrites w = pinWrites;
        return w == null ? CompletableFuture.completedFuture(null) : w.acknowledgedWritesApplied();
    }

    @Override
    public WriteStageTimes writeStageTimes() {
        return writeTimes;
    }

    @Override
    public Instant latestDecisionTime() {
        return decisionClock.latest();
    }

    /** {@inheritDoc} At most 10 000 pins per call. */
    @Override
    public int expireDue() {
        BatchedWrites w = pinWrites;
        if (w == null || !isLeader()) {
            return 0;
        }
        // The log's time, not only this peer's clock: a leader whose clock is behind still sees what expired.
        List<CompletableFuture<BatchSubmitter.Outcome>> removals = state.expiredAt(decisionClock.peek())
                .limit(EXPIRY_SWEEP_LIMIT)
                .map(p -> w.submit(new PinRequest.Expire(p.cid())))
                .toList();
        int removed = 0;
        for (CompletableFuture<BatchSubmitter.Outcome> f : removals) {
            try {
                if (f.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).result() instanceof OpResult.Ok) {
                    removed++;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("expiry removal failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return removed;
    }

    @Override
    public void addListener(PinSetListener listener) {
        state.addListener(listener);
    }

    private RaftServer.Division division() throws IOException {
        return server.getDivision(groupId);
    }

    private boolean isLeader() {
        return view.isLeader();
    }

    @Override
    public long stalledFollowersFound() {
        StalledFollowerWatch watch = stalledFollowers;
        return watch == null ? 0 : watch.stalledFollowersFound();
    }

    @Override
    public PeerInfo.RaftInfo raftInfo() {
        return view.raftInfo();
    }

    @Override
    public List<PeerId> peers() {
        return view.peers();
    }

    @Override
    public List<PeerId> voters() {
        return view.voters();
    }

    @Override
    public Optional<PeerId> leader() {
        return view.leader();
    }

    /** Stops this peer as a crash looks to the others: without handing leadership over first (tests). */
    void crash() {
        handOver = false;
        close();
    }

    /** Closes this peer's Raft division as Ratis does when its apply thread fails, leaving the rest running (tests). */
    public void closeDivisionUnderneath() throws IOException {
        division().close();
    }

    /** Whether this peer's Raft division runs: Ratis has not closed it (tests: no leader told it to shut down). */
    boolean raftRunning() {
        RaftServer.Division d = divisionOrNull();
        return d != null && d.getInfo().isAlive();
    }

    /** The index of this peer's last Raft log entry, -1 before it runs (tests). */
    long lastLogIndex() {
        RaftServer.Division d = divisionOrNull();
        return d == null ? -1 : d.getRaftLog().getLastEntryTermIndex().getIndex();
    }

    /** On the leader: each follower's and listener's match index as the leader counts it; empty elsewhere (tests). */
    Map<PeerId, Long> followerMatchIndexes() {
        RaftServer.Division d = divisionOrNull();
        Map<RaftPeerId, VoterKeeper.Progress> progress =
                d == null ? null : VoterKeeper.progress(d);
        Map<PeerId, Long> out = new java.util.HashMap<>();
        if (progress != null) {
            progress.forEach((id, p) -> out.put(RaftSettings.peerId(id), p.matchIndex()));
        }
        return out;
    }

    /** Whether this peer's elections are paused because its configuration makes it a listener (tests). */
    boolean electionsPaused() {
        ElectionGate g = gate;
        return g != null && g.paused();
    }

    /** Log entries applied by this peer's state machine since start (a batching measure). */
    public long logEntriesApplied() {
        PinSetStateMachine sm = stateMachine;
        return sm == null ? 0 : sm.entriesApplied();
    }

    /** Snapshots this peer installed from the leader since start (it had fallen behind the purged log). */
    public long snapshotsInstalled() {
        PinSetStateMachine sm = stateMachine;
        return sm == null ? 0 : sm.snapshotsInstalled();
    }

    /** Snapshots this peer wrote since start (not counting installed ones). */
    public long snapshotsWritten() {
        PinSetStateMachine sm = stateMachine;
        return sm == null ? 0 : sm.snapshotsWritten();
    }

    /** Pin/unpin decisions applied since start. */
    public long opsApplied() {
        PinSetStateMachine sm = stateMachine;
        return sm == null ? 0 : sm.opsApplied();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (membership != null && handOver) {
            // a planned stop of the leader: hand over first, so the others need not wait an election timeout
            membership.transferLeadershipAway(config.electionTimeoutMax());
        }
        closed = true;
        closeQuietly(keeper);
        closeQuietly(stalledFollowers);
        closeQuietly(gate);
        closeQuietly(client); // fails sends still in flight, so the batch senders end promptly
        closeQuietly(pinWrites);
        if (stateMachine != null) {
            stateMachine.stopping();
        }
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    private static String shortName(PeerId id) {
        String v = id.value();
        return v.length() <= 8 ? v : v.substring(v.length() - 8);
    }
}
