package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.MissingBlocksException;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetView;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the local store hold exactly the pins allocated to this peer. Every pinset change (and, at start, every
 * allocated pin and every local pin) schedules a <em>reconcile</em> of that CID: read what the pinset wants now,
 * compare with the store, pin or unpin. Reconciling reads the current wish rather than replaying events, so a burst
 * of changes to one CID costs one reconcile and the outcome never depends on event order.
 *
 * <p>Reconciles run on {@code concurrency} worker threads, one at a time per CID, with at most {@code maxQueueSize}
 * waiting. CIDs that are neither queued, running nor failed have no entry here: their status is derived from the
 * pinset and the store, so memory grows with work in progress, not with the pinset.
 */
public final class LocalPinTracker implements PinSetListener, AutoCloseable {
    static final String NOT_FETCHING = "blocks not available locally; fetching from peers is not implemented yet";
    private static final Logger LOG = LoggerFactory.getLogger(LocalPinTracker.class);

    private final PeerId self;
    private final PinSetView pinset;
    private final NodeConnector connector;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService retries;
    private final java.time.Duration recoverInterval;
    private final ConcurrentHashMap<Cid, Tracked> tracked = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    /** One CID's work in progress; {@code queued} means a reconcile is waiting to start. */
    private static final class Tracked {
        volatile LocalStatus status;
        volatile boolean queued;

        Tracked(LocalStatus status) {
            this.status = status;
        }
    }

    public LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, int concurrency,
                           int maxQueueSize, java.time.Duration recoverInterval, Clock clock) {
        this.self = self;
        this.pinset = pinset;
        this.connector = connector;
        this.clock = clock;
        this.recoverInterval = recoverInterval;
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(maxQueueSize), daemonThreads("pin-tracker"));
        this.workers.allowCoreThreadTimeOut(true);
        this.retries = Executors.newSingleThreadScheduledExecutor(daemonThreads("pin-recover"));
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Schedules a reconcile of every CID allocated here and of every local pin, so the store catches up with
     * changes made while this peer was down; starts the periodic retry of failed pins.
     */
    public void start() {
        Set<Cid> seen = new HashSet<>();
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.forEach(cid -> {
                seen.add(cid);
                schedule(cid);
            });
        }
        try (Stream<Cid> local = connector.pins()) {
            local.filter(cid -> !seen.contains(cid)).forEach(this::schedule);
        }
        if (!recoverInterval.isZero()) {
            long ms = recoverInterval.toMillis();
            retries.scheduleWithFixedDelay(this::recoverAll, ms, ms, TimeUnit.MILLISECONDS);
        }
        LOG.info("pin tracker started: {} CIDs to check", seen.size());
    }

    @Override
    public void pinChanged(Pin before, Pin after) {
        boolean wanted = after != null && after.isAllocatedTo(self);
        boolean wasWanted = before != null && before.isAllocatedTo(self);
        if (wanted || wasWanted) {
            schedule(after != null ? after.cid() : before.cid());
        }
    }

    /** This peer's status of {@code cid}. */
    public LocalStatus status(Cid cid) {
        Tracked t = tracked.get(cid);
        if (t != null) {
            return t.status;
        }
        Pin pin = pinset.get(cid).orElse(null);
        if (pin == null) {
            return LocalStatus.of(TrackerStatus.UNPINNED, clock.instant());
        }
        if (!pin.isAllocatedTo(self)) {
            return LocalStatus.of(TrackerStatus.REMOTE, pin.timestamp());
        }
        return connector.status(cid).satisfies(pin.options().mode())
                ? LocalStatus.of(TrackerStatus.PINNED, pin.timestamp())
                : LocalStatus.of(TrackerStatus.UNEXPECTEDLY_UNPINNED, clock.instant());
    }

    /** Retries {@code cid} when it failed or is missing locally; returns its status afterwards. */
    public LocalStatus recover(Cid cid) {
        LocalStatus s = status(cid);
        if (needsRecovery(s.status())) {
            schedule(cid);
        }
        return status(cid);
    }

    /** Retries every failed CID and every allocated CID missing from the store; returns the CIDs retried. */
    public List<Cid> recoverAll() {
        Set<Cid> retry = tracked.entrySet().stream().filter(e -> needsRecovery(e.getValue().status.status()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.filter(cid -> !tracked.containsKey(cid))
                    .filter(cid -> status(cid).status() == TrackerStatus.UNEXPECTEDLY_UNPINNED)
                    .forEach(retry::add);
        }
        retry.forEach(this::schedule);
        return List.copyOf(retry);
    }

    /** CIDs with work queued, running or failed, in CID order; some may no longer be in the pinset. */
    public List<Cid> inProgress() {
        return tracked.keySet().stream().sorted().toList();
    }

    /** Reconciles waiting for a worker. */
    public int queueLength() {
        return workers.getQueue().size();
    }

    private static boolean needsRecovery(TrackerStatus s) {
        return s == TrackerStatus.PIN_ERROR || s == TrackerStatus.UNPIN_ERROR
                || s == TrackerStatus.UNEXPECTEDLY_UNPINNED;
    }

    private void schedule(Cid cid) {
        boolean wanted = wants(cid);
        boolean[] submit = {false};
        // All changes to an entry's queued flag happen inside the map's per-key compute, so "is a reconcile
        // pending?" and "may the entry be dropped?" are decided atomically.
        Tracked t = tracked.compute(cid, (k, existing) -> {
            Tracked n = existing != null ? existing : new Tracked(null);
            n.status = queuedStatus(wanted, n.status);
            if (!n.queued) {
                n.queued = true;
                submit[0] = true;
            }
            return n;
        });
        if (!submit[0]) {
            return; // the pending reconcile will read the newest wish
        }
        try {
            workers.execute(() -> reconcile(cid, t));
        } catch (RejectedExecutionException e) {
            String why = workers.isShutdown() ? "the pin tracker is stopped" : "the pin queue is full";
            tracked.computeIfPresent(cid, (k, v) -> {
                v.queued = false;
                v.status = new LocalStatus(wanted ? TrackerStatus.PIN_ERROR : TrackerStatus.UNPIN_ERROR, why,
                        clock.instant(), attempts(v) + 1);
                return v;
            });
        }
    }

    private LocalStatus queuedStatus(boolean wanted, LocalStatus previous) {
        return new LocalStatus(wanted ? TrackerStatus.PIN_QUEUED : TrackerStatus.UNPIN_QUEUED, "", clock.instant(),
                previous == null ? 0 : previous.attemptCount());
    }

    private boolean wants(Cid cid) {
        return pinset.get(cid).map(p -> p.isAllocatedTo(self)).orElse(false);
    }

    private void reconcile(Cid cid, Tracked t) {
        ReentrantLock lock = stripes[Math.floorMod(cid.hashCode(), stripes.length)];
        lock.lock();
        try {
            tracked.computeIfPresent(cid, (k, v) -> {
                v.queued = false; // changes from now on need another pass
                return v;
            });
            Pin pin = pinset.get(cid).filter(p -> p.isAllocatedTo(self)).orElse(null);
            if (pin != null) {
                t.status = new LocalStatus(TrackerStatus.PINNING, "", clock.instant(), attempts(t));
                if (!connector.status(cid).satisfies(pin.options().mode())) {
                    connector.pin(cid, pin.options().mode());
                }
            } else {
                t.status = new LocalStatus(TrackerStatus.UNPINNING, "", clock.instant(), attempts(t));
                if (connector.status(cid).isPinned()) {
                    connector.unpin(cid);
                }
            }
            finish(cid, t);
        } catch (MissingBlocksException e) {
            fail(cid, t, TrackerStatus.PIN_ERROR, NOT_FETCHING + " (missing: " + e.missing().get(0) + ")");
        } catch (ClusterException e) {
            fail(cid, t, wants(cid) ? TrackerStatus.PIN_ERROR : TrackerStatus.UNPIN_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{}: reconciling {} failed", self, cid, e);
            fail(cid, t, wants(cid) ? TrackerStatus.PIN_ERROR : TrackerStatus.UNPIN_ERROR, e.toString());
        } finally {
            lock.unlock();
        }
    }

    // Done: forget the entry unless another change arrived meanwhile (then it stays, queued).
    private void finish(Cid cid, Tracked t) {
        tracked.computeIfPresent(cid, (k, v) -> v == t && !v.queued ? null : v);
        LOG.debug("{}: {} reconciled", self, cid);
    }

    private void fail(Cid cid, Tracked t, TrackerStatus status, String error) {
        tracked.compute(cid, (k, v) -> {
            Tracked n = v != null ? v : t;
            if (!n.queued) { // otherwise a newer wish is pending and its outcome will be the status
                n.status = new LocalStatus(status, error, clock.instant(), attempts(n) + 1);
            }
            return n;
        });
        LOG.debug("{}: {} {}: {}", self, cid, status.wireName(), error);
    }

    private static int attempts(Tracked t) {
        LocalStatus s = t.status;
        return s == null ? 0 : s.attemptCount();
    }

    /** Stops the workers; reconciles not yet started are dropped (they are redone at the next start). */
    @Override
    public void close() {
        retries.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread th = new Thread(r, name + "-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
    }
}
