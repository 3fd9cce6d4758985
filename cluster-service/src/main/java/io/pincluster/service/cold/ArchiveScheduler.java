package io.pincluster.service.cold;

import io.pincluster.cold.archive.ArchivedPin;
import io.pincluster.cold.archive.PinArchiver;
import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.periodic.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which pins this peer archives and runs those jobs (decision 0019).
 *
 * <p><b>Who archives a pin</b> is a function of the replicated state alone, so every peer agrees without talking: the
 * first peer of the pin's allocations (for a pin on every peer, the smallest member ID). While the allocations stay,
 * no two peers archive one pin, and no election or lease is needed. A move (rebalance, drain, repair) that takes the
 * first place from a peer while its job runs lets the new first peer archive the pin too: the same bytes under the
 * same content-addressed key, so the bucket and the index (one entry per CID) end the same, one upload is wasted
 * (decision 0019). That peer
 * starts the job only once its own copy is pinned (it reads the DAG from its own store); a pin the policy wants, not
 * yet in the index, is looked at every {@code scan_interval}. When the archiving peer is gone, repair gives the pin
 * new allocations and with them a new first peer.
 *
 * <p><b>Throttled</b>: at most {@code concurrent_jobs} archives at a time on this peer; a scan starts no more.
 * <b>Retried</b>: a failed job waits 2 s, 4 s, ... up to {@code max_backoff} before this peer tries that pin again.
 * <b>Not redone</b>: a pin the replicated index has is skipped; the index entry is proposed by the peer that
 * finished, and every replica applies it.
 */
public final class ArchiveScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveScheduler.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    /** What the scheduler needs to decide and to record. */
    public record Settings(ArchivePolicy policy, int concurrentJobs, Duration scanInterval, Duration maxBackoff) {
    }

    private final PeerId self;
    private final PinSetView pinset;
    private final Supplier<List<PeerId>> members;
    private final ArchiveRecords records;
    private final NodeConnector connector;
    private final PinArchiver archiver;
    private final Settings settings;
    private final Clock clock;
    private final PeriodicTask timer;
    private final ExecutorService jobs;
    private final Set<Cid> running = ConcurrentHashMap.newKeySet();
    private final Map<Cid, Retry> failures = new ConcurrentHashMap<>();
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private record Retry(int attempts, Instant next) {
    }

    public ArchiveScheduler(PeerId self, PinSetView pinset, Supplier<List<PeerId>> members, ArchiveRecords records,
                            NodeConnector connector, PinArchiver archiver, Settings settings, Clock clock) {
        this.self = self;
        this.pinset = pinset;
        this.members = members;
        this.records = records;
        this.connector = connector;
        this.archiver = archiver;
        this.settings = settings;
        this.clock = clock;
        // "-1": the name the thread had from daemon() below, which logs and thread dumps show. Close waits for the
        // jobs (below), not for a scan in flight: a scan only starts jobs
        this.timer = new PeriodicTask("cold-archive-scan-1", settings.scanInterval(), Duration.ZERO, this::scan,
                (e, closing) -> LOG.warn("{}: archive scan failed: {}", self, e.toString()));
        this.jobs = Executors.newFixedThreadPool(settings.concurrentJobs(), daemon("cold-archive-job"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Uploads what a crash left in the spool (0018: before new jobs use it), recording those archives whose pins are
     * still wanted, then scans every {@code scan_interval}.
     */
    public void start() {
        timer.execute(this::resumeSpooled);
        timer.start();
    }

    private void resumeSpooled() {
        try {
            for (ArchivedPin a : archiver.resumeSpooled()) {
                Cid root = a.manifest().roots().get(0);
                if (pinset.get(root).filter(settings.policy()::wants).isPresent()) {
                    records.recordArchive(entryOf(root, a));
                }
            }
        } catch (Exception e) {
            LOG.warn("{}: resuming spooled archives failed: {}", self, e.toString());
        }
    }

    /** One pass: starts jobs for pins this peer should archive now, up to the free job slots. Returns how many. */
    public int scan() {
        int started = 0;
        Instant now = clock.instant();
        PeerId everywhereArchiver = members.get().stream().min(Comparator.comparing(PeerId::toString)).orElse(null);
        // Only what this peer holds can be its to archive: its allocations and the pins on every peer, from the
        // per-peer index, not a walk over the whole pinset (with 10 peers, a tenth of it at rf 1).
        try (Stream<Cid> mine = pinset.allocatedTo(self)) {
            Iterator<Cid> it = mine.iterator();
            while (it.hasNext() && running.size() < settings.concurrentJobs()) {
                Cid cid = it.next();
                Pin pin = pinset.get(cid).orElse(null);
                if (pin == null || !settings.policy().wants(pin) || pin.options().mode() == PinMode.DIRECT
                        || records.archiveIndex().contains(cid) || running.contains(cid)) {
                    continue;
                }
                PeerId archiver = pin.isEverywhere() || pin.allocations().isEmpty() ? everywhereArchiver
                        : pin.allocations().get(0);
                if (!self.equals(archiver)) {
                    continue;
                }
                Retry retry = failures.get(cid);
                if (retry != null && now.isBefore(retry.next())) {
                    continue;
                }
                if (!connector.status(cid).isPinned()) {
                    continue; // not here yet: the next scan looks again
                }
                if (running.add(cid)) {
                    started++;
                    jobs.execute(() -> run(cid));
                }
            }
        }
        return started;
    }

    private void run(Cid cid) {
        try {
            ArchivedPin a = archiver.archive(cid, this::localBlock);
            // returns once this peer's replica applied the entry, so the next scan sees it in the index
            records.recordArchive(entryOf(cid, a));
            failures.remove(cid);
            archived.incrementAndGet();
            LOG.info("{}: archived {} as {} ({} bytes)", self, cid, a.carKey(), a.manifest().carSize());
        } catch (Exception e) {
            failed.incrementAndGet();
            Retry next = failures.merge(cid, new Retry(1, clock.instant().plus(FIRST_BACKOFF)),
                    (old, first) -> new Retry(old.attempts() + 1, clock.instant().plus(backoff(old.attempts() + 1))));
            LOG.warn("{}: archiving {} failed (attempt {}; next after {}): {}", self, cid, next.attempts(),
                    next.next(), e.toString());
        } finally {
            running.remove(cid);
        }
    }

    private Duration backoff(int attempts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private byte[] localBlock(Cid cid) throws BlockNotFoundException {
        try {
            return connector.block(cid);
        } catch (ClusterException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new BlockNotFoundException(cid);
            }
            throw e;
        }
    }

    private ArchiveEntry entryOf(Cid root, ArchivedPin a) {
        ArchiveManifest m = a.manifest();
        return new ArchiveEntry(root, a.carKey(), HexFormat.of().formatHex(m.carSha256().digest()), m.carSize(),
                m.piece().cidV1().toString(), clock.instant());
    }

    /** Archives this peer finished and recorded since start. */
    public long archived() {
        return archived.get();
    }

    /** Archive jobs that failed since start (each is retried after its back-off). */
    public long failed() {
        return failed.get();
    }

    /** Jobs running now. */
    public int running() {
        return running.size();
    }

    /** The last failure's attempt count of {@code cid}, for status and tests. */
    public Optional<Integer> attempts(Cid cid) {
        return Optional.ofNullable(failures.get(cid)).map(Retry::attempts);
    }

    @Override
    public void close() {
        timer.close();
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
