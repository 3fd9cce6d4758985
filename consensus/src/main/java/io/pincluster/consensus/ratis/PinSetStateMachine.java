package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.MalformedDataException;
import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.WriteStageTimes;
import io.pincluster.core.psa.PsaQuotaExceededException;
import io.pincluster.core.psa.PsaTable;
import io.pincluster.core.token.RevokedTokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pinset log entries to this peer's {@link PinSetState}. On the leader, {@link #startTransaction}
 * turns a batch of requests into one entry of decisions; every peer applies entries in log order on
 * Ratis' single apply thread. Apply never throws: a malformed entry is answered with an error result and
 * leaves the state untouched, identically on every peer. Besides pin decisions the log carries records (the peer
 * directory, token revocations, the Pinning Service API's requests, the archive index), decided and applied by
 * {@link RecordEntries}; this class keeps the pins, the snapshots and Ratis' lifecycle. An unpin also drops the pin's
 * archive index entry, on every replica at the same entry.
 *
 * <p>The LifeCycle transitions (initialize: NEW to RUNNING, pause: to PAUSED, reinitialize: back to
 * RUNNING) are required by Ratis to install a snapshot from the leader on a lagging follower.
 */
public final class PinSetStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(PinSetStateMachine.class);
    /** How long Ratis may take to start a requested snapshot (it only has to reach its apply loop). */
    private static final long SNAPSHOT_REQUEST_TIMEOUT_MS = 30_000;

    private final PinSetState state;
    private final PeerDirectory directory;
    private final RevokedTokens revoked;
    private final PsaTable psaPins;
    private final ArchiveIndex archives;
    private volatile Runnable onConfigurationChanged = () -> { };
    private final LeaderDecisions decisions;
    private final RecordEntries records;
    private final SnapshotStore snapshots;
    private final SnapshotTrigger snapshotTrigger;
    private final ClientId snapshotRequester = ClientId.randomId();
    private final AtomicLong snapshotRequests = new AtomicLong();
    private final AppliedIndexWaiter appliedWaiter = new AppliedIndexWaiter();
    private final WriteStageTimes writeTimes;
    private final PinOpCodec applyCodec = new PinOpCodec();
    private final AtomicLong entriesApplied = new AtomicLong();
    private final AtomicLong opsApplied = new AtomicLong();
    private final AtomicLong snapshotsInstalled = new AtomicLong();
    /**
     * Held while an entry changes the replica and the applied index, and while {@link #cut()} copies them: a backup
     * taken from another thread then sees the state of one applied index. Uncontended on every entry but a backup's.
     */
    private final Object applyLock = new Object();

    PinSetStateMachine(PinSetState state, PeerDirectory directory, LeaderDecisions decisions, String name,
                       SnapshotTrigger.Limits snapshotLimits) {
        this(state, directory, new RevokedTokens(), decisions, name, snapshotLimits);
    }

    PinSetStateMachine(PinSetState state, PeerDirectory directory, RevokedTokens revoked, LeaderDecisions decisions,
                       String name, SnapshotTrigger.Limits snapshotLimits) {
        this(state, directory, revoked, new PsaTable(), decisions, name, snapshotLimits);
    }

    PinSetStateMachine(PinSetState state, PeerDirectory directory, RevokedTokens revoked, PsaTable psaPins,
                       LeaderDecisions decisions, String name, SnapshotTrigger.Limits snapshotLimits) {
        this(state, directory, revoked, psaPins, new ArchiveIndex(), decisions, name, snapshotLimits,
                new WriteStageTimes());
    }

    /** @param writeTimes where the leader's decisions and commits and every peer's applies are timed */
    PinSetStateMachine(PinSetState state, PeerDirectory directory, RevokedTokens revoked, PsaTable psaPins,
                       ArchiveIndex archives, LeaderDecisions decisions, String name,
                       SnapshotTrigger.Limits snapshotLimits, WriteStageTimes writeTimes) {
        this.writeTimes = writeTimes;
        this.state = state;
        this.archives = archives;
        this.psaPins = psaPins;
        this.directory = directory;
        this.revoked = revoked;
        this.decisions = decisions;
        this.records = new RecordEntries(state, directory, revoked, psaPins, archives, decisions.clock());
        this.snapshots = new SnapshotStore(name);
        this.snapshotTrigger = new SnapshotTrigger(name, snapshotLimits, this::askRatisForSnapshot);
    }

    /**
     * Asks this peer's own Raft server to call {@link #takeSnapshot} now. The creation gap of 1 overrides Ratis'
     * default of 1024 entries since the last snapshot, below which it would answer success and do nothing: a
     * snapshot due by pins may come after far fewer (batched) entries.
     */
    private CompletableFuture<Boolean> askRatisForSnapshot() {
        RaftServer server = getServer().getNow(null);
        if (server == null) {
            return CompletableFuture.completedFuture(false);
        }
        SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(snapshotRequester, getId(),
                getGroupId(), snapshotRequests.incrementAndGet(), SNAPSHOT_REQUEST_TIMEOUT_MS, 1);
        return server.snapshotManagementAsync(request).thenApply(RaftClientReply::isSuccess);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            snapshots.init(raftStorage, RaftServerConfigKeys.Snapshot.retentionFileNum(server.getProperties()));
            load();
        });
    }

    @Override
    public void pause() {
        snapshots.awaitIdle();
        if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After a snapshot was installed from the leader: the new files are on disk, the cache is stale. */
    @Override
    public void reinitialize() throws IOException {
        load();
        snapshotsInstalled.incrementAndGet();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /*
     * The pins go from the file straight into the new table (the state swaps it in only once the whole file was
     * read and its digest checked); the sections after the pins replace theirs after that, all under the apply
     * lock, so no apply sees half of the snapshot.
     */
    private void load() throws IOException {
        long[] pinCount = new long[1];
        Pin[] latest = new Pin[1];
        SnapshotFile.Contents c;
        synchronized (applyLock) {
            c = snapshots.loadLatest((term, index, count, pins) -> {
                pinCount[0] = count;
                state.replaceAll(new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return pins.hasNext();
                    }

                    @Override
                    public Pin next() {
                        Pin p = pins.next();
                        // the clock learns the latest time once, after the load, not by a CAS per pin
                        if (latest[0] == null || p.acceptedAfter(latest[0])) {
                            latest[0] = p;
                        }
                        return p;
                    }
                }, index);
            });
            if (c == null) {
                return;
            }
            if (latest[0] != null) {
                decisions.clock().observe(latest[0].timestamp());
            }
            directory.replaceAll(c.directory());
            revoked.replaceAll(c.revocations());
            psaPins.replaceAll(c.psaPins(), c.tenants());
            archives.replaceAll(c.archives());
            c.psaPins().forEach(p -> decisions.clock().observe(p.created()));
            decisions.clock().observe(c.decisionTime());
            setLastAppliedTermIndex(TermIndex.valueOf(c.term(), c.index()));
        }
        snapshotTrigger.cut(c.index(), pinCount[0]);
        appliedWaiter.advanced(c.index());
        LOG.info("loaded snapshot with {} pins, {} revoked tokens, {} pinning service requests, {} tenants and {} "
                + "archived pins at index {}", pinCount[0], c.revocations().size(), c.psaPins().size(),
                c.tenants().size(), c.archives().size(), c.index());
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots.storage();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        return snapshots.take(applied, snapshotTrigger::due, () -> cut(applied));
    }

    /** What a snapshot at {@code applied} holds; on the apply thread, or once nothing is applied any more. */
    private SnapshotStore.Cut cut(TermIndex applied) {
        List<Pin> pins = state.copyPins();
        snapshotTrigger.cut(applied.getIndex(), pins.size());
        return new SnapshotStore.Cut(pins, directory.all(), decisions.clock().latest(),
                revoked.all(), psaPins.all(), psaPins.tenants(), archives.all());
    }

    /** When this leader decided an entry ({@link System#nanoTime}): its apply here then times the commit. */
    private record Decided(long nanoTime) {
    }

    /** Leader only: decide every request of the batch and write the decisions as one entry. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) {
        TransactionContext.Builder trx = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request).setServerRole(RaftPeerRole.LEADER);
        try {
            byte[] data = request.getMessage().getContent().toByteArray();
            if (RecordEntries.isRecord(data)) {
                byte[] logged = records.decide(data);
                return trx.setLogData(logged == data ? request.getMessage().getContent()
                        : UnsafeByteOperations.unsafeWrap(logged)).build();
            }
            long started = System.nanoTime();
            PinOpCodec codec = new PinOpCodec();
            List<PinRequest> requests = codec.decodeRequests(request.getMessage().getContent().toByteArray());
            byte[] entry = codec.encodeEntry(decisions.decide(requests, state));
            long decided = System.nanoTime();
            writeTimes.record(WriteStageTimes.Stage.DECIDE, decided - started);
            // the decision time rides along to this leader's apply of the entry, which times the commit
            return trx.setLogData(UnsafeByteOperations.unsafeWrap(entry)).setStateMachineContext(new Decided(decided))
                    .build();
        } catch (MalformedDataException | IllegalStateException | PsaQuotaExceededException e) {
            TransactionContext failed = trx.build();
            failed.setException(e);
            return failed;
        }
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        List<OpResult> results;
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        long pinsBefore = opsApplied.get();
        long applying = System.nanoTime();
        if (trx.getStateMachineContext() instanceof Decided d) {
            writeTimes.record(WriteStageTimes.Stage.COMMIT, applying - d.nanoTime());
        }
        synchronized (applyLock) {
            results = applyEntry(data, entry.getIndex());
            state.setAppliedIndex(entry.getIndex());
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        entriesApplied.incrementAndGet();
        writeTimes.record(WriteStageTimes.Stage.APPLY, System.nanoTime() - applying);
        appliedWaiter.advanced(entry.getIndex());
        snapshotTrigger.applied(entry.getIndex(), Math.max(1, opsApplied.get() - pinsBefore), data.length,
                snapshots.writing());
        // Followers answer with the results too: a follower's reply is what its retry cache keeps, and after a leader
        // change Ratis answers a client's retry of this request from that cache. An empty reply there made the client
        // fail with "truncated input" though its pins were committed.
        return CompletableFuture.completedFuture(
                Message.valueOf(UnsafeByteOperations.unsafeWrap(applyCodec.encodeResults(results))));
    }

    private List<OpResult> applyEntry(byte[] data, long index) {
        try {
            if (RecordEntries.isRecord(data)) {
                RecordEntries.Applied applied = records.apply(data, index);
                if (applied.changedPin()) {
                    opsApplied.incrementAndGet();
                }
                return List.of(applied.result());
            }
            return applyPins(data);
        } catch (RuntimeException e) {
            // Same bytes on every peer, so every peer skips this entry the same way.
            LOG.error("skipping log entry {}: {}", index, e.toString());
            return List.of(new OpResult.Failed(ErrorCode.INTERNAL, "unreadable log entry: " + e.getMessage()));
        }
    }

    /**
     * The replicated state as it stands at this peer's applied index, copied from any thread (a state backup). Each
     * entry is applied under the same lock, so the copy is of one index; apply waits for the copy of the pin
     * references, not for any serialising.
     */
    StateCut cut() {
        synchronized (applyLock) {
            TermIndex applied = getLastAppliedTermIndex();
            return new StateCut(applied == null ? 0 : applied.getTerm(), applied == null ? 0 : applied.getIndex(),
                    state.copyPins(), directory.all(), decisions.clock().latest(), revoked.all(), psaPins.all(),
                    psaPins.tenants(), archives.all());
        }
    }

    private List<OpResult> applyPins(byte[] data) {
        List<Decision> entryDecisions = applyCodec.decodeEntry(data);
        List<OpResult> results = new ArrayList<>(entryDecisions.size());
        for (Decision d : entryDecisions) {
            results.add(apply(d));
        }
        opsApplied.addAndGet(entryDecisions.size());
        return results;
    }

    private OpResult apply(Decision d) {
        if (d instanceof Decision.Reject r) {
            return new OpResult.Failed(r.code(), r.message());
        }
        PinOp op = ((Decision.Apply) d).op();
        Pin before = state.apply(op);
        if (op instanceof PinOp.RemovePin) {
            archives.remove(op.cid()); // the archive stays in the bucket; the cluster no longer points at it
        }
        decisions.clock().observe(((Decision.Apply) d).decidedAt());
        if (op instanceof PinOp.AddPin add) {
            decisions.clock().observe(add.pin().timestamp());
            return new OpResult.Ok(add.pin());
        }
        if (before == null) {
            ClusterException notPinned = ClusterException.notPinned();
            return new OpResult.Failed(notPinned.code(), notPinned.getMessage());
        }
        return new OpResult.Ok(before);
    }

    /** Keeps non-state-machine entries (configuration, leader no-ops) counted as applied. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (applyLock) {
            super.notifyTermIndexUpdated(term, index);
            state.setAppliedIndex(index);
        }
        appliedWaiter.advanced(index);
    }

    /** Ratis committed a new membership (also replayed on restart); the Raft client must follow it. */
    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto newConf) {
        LOG.info("Raft configuration at {}: {} voters, {} listeners", index, newConf.getPeersCount(),
                newConf.getListenersCount());
        onConfigurationChanged.run();
    }

    void onConfigurationChanged(Runnable action) {
        onConfigurationChanged = action;
    }

    /** Called on the apply thread after a directory record was applied; must return quickly. */
    void onPeerRecord(java.util.function.Consumer<PeerRecord> action) {
        records.onPeerRecord(action);
    }

    /** Completes once {@code index} is applied on this peer. */
    CompletableFuture<Void> whenApplied(long index) {
        return appliedWaiter.whenApplied(index);
    }

    boolean awaitApplied(long index, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            whenApplied(index).get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the applied-index future cannot fail", e);
        }
    }

    /** Waits (bounded) until {@code index} is applied; false if it was not in time or interrupted. */
    boolean awaitAppliedQuietly(long index, java.time.Duration max) {
        try {
            return awaitApplied(index, max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long entriesApplied() {
        return entriesApplied.get();
    }

    long snapshotsInstalled() {
        return snapshotsInstalled.get();
    }

    long opsApplied() {
        return opsApplied.get();
    }

    long snapshotsWritten() {
        return snapshots.written();
    }

    /** Called before the server stops, so a final snapshot is written in place, not in the background. */
    void stopping() {
        snapshots.writeSynchronously();
    }

    @Override
    public void close() throws IOException {
        if (snapshots.stopping()) {
            // The last snapshot of a peer that stops (not one that crashes), in place. Ratis' own is off
            // (RaftSettings): its updater skips it when the stop is set between its two checks. Ratis calls close on
            // its updater thread once everything committed is applied, so the cut is consistent.
            TermIndex applied = getLastAppliedTermIndex();
            snapshots.writeLast(applied, () -> cut(applied));
        }
        snapshotTrigger.close();
        snapshots.close();
        super.close();
    }
}
