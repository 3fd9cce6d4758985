package io.pincluster.consensus.ratis;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.component.StateBackupApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.token.TokenRevocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore of the replicated state (decision 0014). A backup is a consistent copy taken online through
 * the running cluster ({@link RatisConsensus#consistentCut()}) and written as a {@link BackupFile}. A restore goes
 * through the Raft log like any client's writes: each pin is pinned again with its options, in windows of
 * {@value #WINDOW} requests the batcher groups into entries, so the leader places it on this cluster's peers and
 * every peer applies it as usual; nothing is written into a peer's folder behind Raft's back.
 */
public final class StateBackups implements StateBackupApi {
    private static final Logger LOG = LoggerFactory.getLogger(StateBackups.class);
    /** Pins in flight at once during a restore: enough to fill batches, few enough to stay within the timeout. */
    static final int WINDOW = 1_000;
    /** Pinning-service requests written at once during a restore (each is its own log entry). */
    static final int REQUESTS_IN_FLIGHT = 32;

    private final RatisConsensus consensus;
    private final String clusterFingerprint;
    private final Clock clock;

    /**
     * @param clusterFingerprint a fingerprint of the cluster secret (never the secret itself), written into every
     *                           backup and compared on restore
     */
    public StateBackups(RatisConsensus consensus, String clusterFingerprint, Clock clock) {
        this.consensus = Objects.requireNonNull(consensus, "consensus");
        this.clusterFingerprint = Objects.requireNonNull(clusterFingerprint, "clusterFingerprint");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BackupInfo backup(Path target) {
        StateCut cut = consensus.consistentCut();
        try {
            BackupInfo info = BackupFile.write(target, cut, new BackupFile.Origin(clusterFingerprint,
                    consensus.peerId().value(), clock.instant()));
            LOG.info("state backup of {} pins, {} peers, {} revoked tokens at log index {}", info.pins(), info.peers(),
                    info.revokedTokens(), info.appliedIndex());
            return info;
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "cannot write the backup: " + e.getMessage(), e);
        }
    }

    @Override
    public RestoreReport restore(Path backup, boolean force) {
        BackupFile.Contents contents;
        try {
            contents = BackupFile.read(backup);
        } catch (InvalidBackupException e) {
            throw ClusterException.badRequest("backup refused, nothing was restored: " + e.getMessage());
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "cannot read the uploaded backup: " + e.getMessage(), e);
        }
        // Counted at a barrier, not from this replica alone: a lagging peer must not take a cluster for empty.
        long existing = force ? 0 : consensus.consistentCut().pins().size();
        if (existing > 0) {
            throw new ClusterException(ErrorCode.CONFLICT, "this cluster already holds " + existing + " pins: a "
                    + "backup is restored into an empty cluster; force=true pins the backup's pins over this "
                    + "pinset (its other pins stay)");
        }
        BackupInfo info = contents.info();
        Instant now = clock.instant();
        long expired = 0;
        long restored = 0;
        List<CompletableFuture<Pin>> window = new ArrayList<>(WINDOW);
        for (Pin pin : contents.state().pins()) {
            if (pin.isExpiredAt(now)) {
                expired++;
                continue;
            }
            // The old cluster's peers are not this one's: the leader places the pin anew (user allocations too).
            window.add(consensus.pinAsync(pin.cid(), pin.options().withoutTransientFields()));
            if (window.size() == WINDOW) {
                restored += await(window, restored, info);
            }
        }
        restored += await(window, restored, info);
        boolean sameSecret = clusterFingerprint.equals(info.clusterFingerprint());
        long revocations = 0;
        if (sameSecret) {
            // Tokens signed with another secret are void here anyway; these are the ones still valid on this cluster.
            for (TokenRevocation r : contents.state().revocations()) {
                if (r.expiresAt().isAfter(now)) {
                    consensus.revoke(r);
                    revocations++;
                }
            }
        }
        long tenants = 0;
        for (io.pincluster.core.psa.Tenant t : contents.state().tenants()) {
            // Before the requests, so their owners' settings are in force; an existing record is left as it is.
            if (consensus.psaRecords().table().tenant(t.name()).isEmpty()) {
                consensus.psaRecords().putTenant(t.createdAt(null),
                        io.pincluster.core.psa.PsaRecords.TenantWrite.CREATE);
                tenants++;
            }
        }
        List<PsaPin> psaPins = contents.state().psaPins();
        long requests = writeInParallel(psaPins, p -> consensus.psaRecords().put(new PsaPin(p.requestId(), p.owner(),
                p.cid(), p.name(), p.origins(), p.meta(), p.replication(), null), null, 0), "pin requests");
        // The archives stay where they are in the bucket, under keys named after their content: the entries that
        // find them again are recorded for the pins just restored (an entry of a pin not in the pinset is ignored).
        Set<Cid> pinned = new HashSet<>();
        contents.state().pins().stream().filter(p -> !p.isExpiredAt(now)).forEach(p -> pinned.add(p.cid()));
        List<ArchiveEntry> archives = contents.state().archives().stream().filter(a -> pinned.contains(a.cid()))
                .toList();
        long archived = writeInParallel(archives, consensus.archiveRecords()::recordArchive,
                "archive index entries");
        LOG.info("restored {} pins ({} expired left out), {} pin requests, {} tenants, {} archive index entries and {} "
                + "revoked tokens from the backup at log index {} of {}", restored, expired, requests, tenants, archived,
                revocations, info.appliedIndex(), info.created());
        return new RestoreReport(info, restored, expired, revocations, requests, sameSecret, tenants, archived);
    }

    /**
     * Writes {@code records} (the backup's pinning-service requests, its archive index entries),
     * {@value #REQUESTS_IN_FLIGHT} at a time: each is a write of its own that waits for its commit, so one after the
     * other a million would take hours. A pin request keeps its request ID, so clients of the Pinning Service API find
     * their requests again; the leader gives it a new creation time. No quota: the backup's requests were all within
     * it when taken. The first failure stops the restore, naming how far it got.
     */
    private static <T> long writeInParallel(List<T> records, Consumer<T> write, String what) {
        if (records.isEmpty()) {
            return 0;
        }
        ExecutorService writers = Executors.newFixedThreadPool(Math.min(REQUESTS_IN_FLIGHT, records.size()), r -> {
            Thread t = new Thread(r, "restore-records");
            t.setDaemon(true);
            return t;
        });
        long done = 0;
        try {
            List<Future<?>> window = new ArrayList<>(WINDOW);
            for (int i = 0; i < records.size(); i++) {
                T record = records.get(i);
                window.add(writers.submit(() -> write.accept(record)));
                if (window.size() == WINDOW || i == records.size() - 1) {
                    done += awaitRecords(window, done, records.size(), what);
                }
            }
            return done;
        } finally {
            writers.shutdownNow();
        }
    }

    private static long awaitRecords(List<Future<?>> window, long before, int total, String what) {
        long done = 0;
        try {
            for (Future<?> f : window) {
                f.get();
                done++;
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "restore interrupted after " + (before + done) + " of "
                    + total + " " + what, e);
        } catch (ExecutionException e) {
            ErrorCode code = e.getCause() instanceof ClusterException c ? c.code() : ErrorCode.INTERNAL;
            throw new ClusterException(code, "restore stopped after " + (before + done) + " of " + total
                    + " " + what + ": " + e.getCause().getMessage() + " (restoring again with force=true completes"
                    + " it)", e.getCause());
        } finally {
            window.forEach(f -> f.cancel(false));
            window.clear();
        }
    }

    /** Waits for a window of pins; the first failure stops the restore, naming how far it got. */
    private static long await(List<CompletableFuture<Pin>> window, long before, BackupInfo info) {
        long done = 0;
        try {
            for (CompletableFuture<Pin> f : window) {
                ClusterException.await(f);
                done++;
            }
        } catch (ClusterException e) {
            window.forEach(f -> f.cancel(false));
            throw new ClusterException(e.code(), "restore stopped after " + (before + done) + " of " + info.pins()
                    + " pins: " + e.getMessage() + " (restoring again with force=true completes it)", e);
        } finally {
            window.clear();
        }
        return done;
    }
}
