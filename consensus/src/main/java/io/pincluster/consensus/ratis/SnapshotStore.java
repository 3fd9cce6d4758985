package io.pincluster.consensus.ratis;

import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PeerRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in the state machine directory, written off the apply thread.
 *
 * <p>Ratis calls {@code takeSnapshot} on its apply thread and applies nothing until it returns. Here
 * that call only copies the pin references (a consistent cut, since nothing is being applied) and hands
 * the copy to a background writer; it reports a snapshot index to Ratis only once that snapshot is
 * durable, on a later call. Ratis therefore purges the log only up to a snapshot that exists. While the
 * peer shuts down the write is done in place, so the final snapshot is complete before the server stops.
 */
final class SnapshotStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    private final SimpleStateMachineStorage storage = new SerializedSnapshotStorage();
    private final ExecutorService writer;
    private volatile Future<?> inFlight;
    private final AtomicLong written = new AtomicLong();
    private long reportedIndex = RaftLog.INVALID_LOG_INDEX;
    private volatile boolean synchronous;
    private volatile int retained = 2;

    /**
     * What a snapshot holds, copied on the apply thread (a consistent cut).
     *
     * @param decisionTime the latest decision time of the log so far ({@link DecisionClock})
     * @param revocations  the revoked tokens
     */
    record Cut(List<Pin> pins, List<PeerRecord> directory, java.time.Instant decisionTime,
               List<io.pincluster.core.token.TokenRevocation> revocations,
               List<io.pincluster.core.psa.PsaPin> psaPins, List<io.pincluster.core.psa.Tenant> tenants,
               List<io.pincluster.core.cold.ArchiveEntry> archives) {
        Cut(List<Pin> pins, List<PeerRecord> directory, java.time.Instant decisionTime,
            List<io.pincluster.core.token.TokenRevocation> revocations,
            List<io.pincluster.core.psa.PsaPin> psaPins, List<io.pincluster.core.psa.Tenant> tenants) {
            this(pins, directory, decisionTime, revocations, psaPins, tenants, List.of());
        }
    }

    SnapshotStore(String name) {
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pinset-snapshot-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    SimpleStateMachineStorage storage() {
        return storage;
    }

    /** {@code retained}: the snapshot files kept (Ratis' retention setting), for {@link #writeLast}'s clean-up. */
    void init(RaftStorage raftStorage, int retained) throws IOException {
        storage.init(raftStorage);
        this.retained = retained;
    }

    /**
     * Re-reads the directory (after a snapshot was installed from the leader) and streams the newest into
     * {@code pins} (see {@link SnapshotFile#stream}); returns the rest of it, or null when there is none.
     */
    synchronized SnapshotFile.Contents loadLatest(SnapshotFile.PinLoad pins) throws IOException {
        SingleFileSnapshotInfo info = storage.loadLatestSnapshot();
        if (info == null) {
            return null;
        }
        Path file = info.getFile().getPath();
        SnapshotFile.Contents c = SnapshotFile.stream(file, info.getFile().getFileDigest(),
                (term, index, count, it) -> {
                    if (index != info.getIndex() || term != info.getTerm()) {
                        throw new IOException("snapshot " + file + " holds " + term + "_" + index);
                    }
                    pins.load(term, index, count, it);
                });
        reportedIndex = info.getIndex();
        return c;
    }

    /** From now on snapshots are written synchronously (the server is stopping). */
    void writeSynchronously() {
        synchronous = true;
    }

    /** Whether the server is stopping (see {@link #writeSynchronously}): a crash never says so. */
    boolean stopping() {
        return synchronous;
    }

    /**
     * Ratis' takeSnapshot. {@code cut} is only called when a new snapshot is started: always while the server
     * stops, otherwise when none is being written and {@code due} says one of the limits passed (Ratis calls this
     * for its own entry count, for a snapshot {@link SnapshotTrigger} asked for, and again while it has not yet
     * been told of the last one written).
     *
     * @return the index of a snapshot completed since the last call, or -1 if there is none yet
     */
    synchronized long take(TermIndex applied, LongPredicate due, Supplier<Cut> cut) throws IOException {
        if (applied == null || applied.getIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        if (synchronous) {
            awaitIdle();
            if (applied.getIndex() > latestIndex()) {
                write(cut.get(), applied);
            }
        } else if (inFlight == null || inFlight.isDone()) {
            if (applied.getIndex() > latestIndex() && due.test(applied.getIndex())) {
                Cut copy = cut.get();
                inFlight = writer.submit(() -> {
                    try {
                        write(copy, applied);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("snapshot at {} failed; the next trigger retries", applied, e);
                    }
                });
            }
        }
        long latest = latestIndex();
        if (latest > reportedIndex) {
            reportedIndex = latest;
            return latest;
        }
        return RaftLog.INVALID_LOG_INDEX;
    }

    /**
     * The last snapshot of a stopping peer, written in place unless one at {@code applied} exists; older files past
     * the retention are removed either way, as Ratis does after its own.
     */
    synchronized void writeLast(TermIndex applied, Supplier<Cut> cut) throws IOException {
        awaitIdle();
        if (applied != null && applied.getIndex() > 0 && applied.getIndex() > latestIndex()) {
            write(cut.get(), applied);
        }
        // Also when nothing was written: the background write just waited for may already be at the applied index,
        // and Ratis, which removes old files once told of a new snapshot, is not told of that one any more.
        int keep = retained;
        storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return keep;
            }
        });
    }

    /** Whether a snapshot is being written in the background now. */
    boolean writing() {
        Future<?> f = inFlight;
        return f != null && !f.isDone();
    }

    /** Snapshots written since start (in the background or while stopping). */
    long written() {
        return written.get();
    }

    private long latestIndex() {
        SingleFileSnapshotInfo info = storage.getLatestSnapshot();
        return info == null ? RaftLog.INVALID_LOG_INDEX : info.getIndex();
    }

    private void write(Cut cut, TermIndex at) throws IOException {
        List<Pin> pins = cut.pins();
        long start = System.nanoTime();
        File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        MD5Hash md5 = SnapshotFile.write(file.toPath(), at.getTerm(), at.getIndex(), pins, cut.directory(),
                cut.revocations(), cut.psaPins(), cut.tenants(), cut.archives(), cut.decisionTime());
        org.apache.ratis.util.MD5FileUtil.saveMD5File(file, md5);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), at));
        written.incrementAndGet();
        LOG.info("snapshot of {} pins at {} written in {} ms", pins.size(), at,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Waits for a background write (before pause/close); a failed write is logged, not rethrown. */
    synchronized void awaitIdle() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            LOG.warn("background snapshot failed; the next trigger retries", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        awaitIdle();
        writer.shutdown();
    }
}
