package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.tracker.PinQueue.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the local store hold exactly the pins allocated to this peer. A pinset change, a failed attempt coming
 * due, or the periodic reconcile puts a CID in the {@link PinQueue}; a worker then reads what the pinset wants
 * <em>now</em>, compares with the store, and pins (fetching missing blocks through the {@link ContentPinner}) or
 * unpins. Reading the current wish rather than replaying events means a burst of changes to one CID costs one
 * pass and the outcome never depends on event order.
 *
 * <p>Failures are retried with exponential backoff; a pin that stores no block for the progress timeout is
 * stopped and retried (slow but steady transfers are never cut off). Only CIDs queued, running or failed have an
 * entry here: the status of the others is derived from the pinset and the store, so memory grows with the work
 * in progress, not with the pinset. After a restart, {@link #start} rebuilds the work from the pinset and the
 * store's pins.
 */
public final class LocalPinTracker implements PinSetListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPinTracker.class);

    private final PeerId self;
    private final PinSetView pinset;
    private final NodeConnector connector;
    private final ContentPinner pinner;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    private final PinQueue queue;
    private final ConcurrentHashMap<Cid, Entry> tracked = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** One CID's work in progress. Fields change only inside {@code tracked.compute} for the CID. */
    private static final class Entry {
        volatile LocalStatus status;
        boolean queued;      // a pass is waiting (in the queue, or for the running pass to end)
        boolean running;
        boolean verify;      // the next pass re-checks the whole DAG even if the store says it is pinned
        PinProgress progress;
        Scheduler.Cancellable retry;
    }

    public LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner,
                           TrackerSettings settings, Clock clock, Scheduler scheduler) {
        this.self = self;
        this.pinset = pinset;
        this.connector = connector;
        this.pinner = pinner;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.queue = new PinQueue(settings.maxQueueSize());
        // Workers run from the start: pinset changes replayed from the log are worked on as they arrive.
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread t = new Thread(this::workLoop, "pin-tracker-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues every allocated CID the store does not hold pinned and every local pin no longer allocated here, so
     * the store catches up with changes made while this peer was down; starts the stall watchdog and the
     * periodic reconcile. A partial fetch resumes where it stopped: blocks already stored are not fetched again.
     */
    public void start() {
        int[] queued = {0};
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.forEach(cid -> pinset.get(cid).ifPresent(pin -> {
                if (!connector.status(cid).satisfies(pin.options().mode())) {
                    enqueue(cid, Priority.NEW, false);
                    queued[0]++;
                }
            }));
        }
        try (Stream<Cid> local = connector.pins()) {
            local.filter(cid -> !wants(cid)).forEach(cid -> {
                enqueue(cid, Priority.NEW, false);
                queued[0]++;
            });
        }
        scheduler.every(settings.watchdogPeriod(), this::stopStalledPins);
        if (!settings.reconcileInterval().isZero()) {
            scheduler.every(settings.reconcileInterval(), this::reconcile);
        }
        LOG.info("{}: pin tracker started, {} CIDs to catch up on", self, queued[0]);
    }

    @Override
    public void pinChanged(Pin before, Pin after) {
        boolean wanted = after != null && after.isAllocatedTo(self);
        boolean wasWanted = before != null && before.isAllocatedTo(self);
        if (wanted || wasWanted) {
            enqueue(after != null ? after.cid() : before.cid(), Priority.NEW, false);
        }
    }

    /** This peer's status of {@code cid}. */
    public LocalStatus status(Cid cid) {
        Entry e = tracked.get(cid);
        LocalStatus s = e == null ? null : e.status;
        if (s != null) {
            return s;
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

    /** Retries {@code cid} now when it failed or is missing locally; returns its status afterwards. */
    public LocalStatus recover(Cid cid) {
        if (needsRecovery(status(cid).status())) {
            enqueue(cid, Priority.NEW, true);
        }
        return status(cid);
    }

    /**
     * Retries now every failed CID and every allocated CID the store does not hold pinned; returns the CIDs
     * queued, in CID order.
     */
    public List<Cid> recoverAll() {
        TreeSet<Cid> retry = tracked.entrySet().stream().filter(e -> needsRecovery(e.getValue().status.status()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.filter(cid -> !tracked.containsKey(cid))
                    .filter(cid -> status(cid).status() == TrackerStatus.UNEXPECTEDLY_UNPINNED)
                    .forEach(retry::add);
        }
        retry.forEach(cid -> enqueue(cid, Priority.NEW, true));
        return List.copyOf(retry);
    }

    /**
     * One full pass: every allocated pin whose DAG is no longer complete on disk is reported
     * {@code unexpectedly_unpinned} and queued for repair; every local pin not allocated here is queued for
     * unpinning. CIDs already being worked on are left alone. Runs every reconcile interval; returns the CIDs
     * queued.
     */
    public List<Cid> reconcile() {
        List<Cid> queuedNow = new ArrayList<>();
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.filter(cid -> !tracked.containsKey(cid)).forEach(cid -> {
                Pin pin = pinset.get(cid).orElse(null);
                String lost = pin == null || closed ? null : lostContent(pin);
                if (lost != null) {
                    LOG.warn("{}: {} is allocated here but {}; repairing", self, cid, lost);
                    markLost(cid, lost);
                    queuedNow.add(cid);
                }
            });
        }
        try (Stream<Cid> local = connector.pins()) {
            local.filter(cid -> !tracked.containsKey(cid) && !wants(cid)).forEach(cid -> {
                enqueue(cid, Priority.NEW, false);
                queuedNow.add(cid);
            });
        }
        return queuedNow;
    }

    // Why the pin's content is not (fully) held, or null when it is.
    private String lostContent(Pin pin) {
        if (!connector.status(pin.cid()).satisfies(pin.options().mode())) {
            return "not pinned in the local store";
        }
        List<Cid> missing = pinner.missingBlocks(pin);
        return missing.isEmpty() ? null : missing.size() + " block(s) are missing from the store, e.g. "
                + missing.get(0);
    }

    private void markLost(Cid cid, String why) {
        boolean[] offer = {false};
        tracked.compute(cid, (k, e) -> {
            if (e != null) {
                return e; // someone else queued it meanwhile; that pass will see the gap too
            }
            Entry n = new Entry();
            n.queued = true;
            n.verify = true;
            n.status = new LocalStatus(TrackerStatus.UNEXPECTEDLY_UNPINNED, why, clock.instant(), 0);
            offer[0] = true;
            return n;
        });
        if (offer[0]) {
            offerOrFail(cid, Priority.REPAIR);
        }
    }

    /** CIDs with work queued, running or failed, in CID order; some may no longer be in the pinset. */
    public List<Cid> inProgress() {
        return tracked.keySet().stream().sorted().toList();
    }

    /** CIDs waiting for a worker. */
    public int queueLength() {
        return queue.size();
    }

    /**
     * How many CIDs this tracker is working on or failed, by status (for the metrics endpoint). Pinned CIDs are
     * not tracked and not counted. Walks the tracked CIDs: meant for a scrape every few seconds, not per request.
     */
    public java.util.Map<TrackerStatus, Long> statusCounts() {
        java.util.EnumMap<TrackerStatus, Long> counts = new java.util.EnumMap<>(TrackerStatus.class);
        tracked.values().forEach(e -> {
            LocalStatus s = e.status;
            if (s != null) {
                counts.merge(s.status(), 1L, Long::sum);
            }
        });
        return counts;
    }

    private static boolean needsRecovery(TrackerStatus s) {
        return s == TrackerStatus.PIN_ERROR || s == TrackerStatus.UNPIN_ERROR
                || s == TrackerStatus.UNEXPECTEDLY_UNPINNED;
    }

    private boolean wants(Cid cid) {
        return pinset.get(cid).map(p -> p.isAllocatedTo(self)).orElse(false);
    }

    private void enqueue(Cid cid, Priority priority, boolean verify) {
        boolean wanted = wants(cid);
        boolean[] offer = {false};
        tracked.compute(cid, (k, existing) -> {
            Entry e = existing != null ? existing : new Entry();
            cancelRetry(e);
            e.verify |= verify;
            if (e.queued) {
                return e; // the pending pass will read the newest wish
            }
            e.queued = true;
            if (e.running) {
                if (!wanted && e.progress != null) {
                    e.progress.cancel("no longer allocated to this peer");
                }
                return e; // re-queued when the running pass ends
            }
            e.status = queuedStatus(wanted, e);
            offer[0] = true;
            return e;
        });
        if (offer[0]) {
            offerOrFail(cid, priority);
        }
    }

    private LocalStatus queuedStatus(boolean wanted, Entry e) {
        return new LocalStatus(wanted ? TrackerStatus.PIN_QUEUED : TrackerStatus.UNPIN_QUEUED, "", clock.instant(),
                attempts(e));
    }

    private void offerOrFail(Cid cid, Priority priority) {
        if (!queue.offer(cid, priority)) {
            String why = "the pin queue is full (" + settings.maxQueueSize() + ")";
            tracked.computeIfPresent(cid, (k, e) -> {
                e.queued = false;
                recordFailure(cid, e, wants(cid), why);
                return e;
            });
        }
    }

    private void workLoop() {
        while (!closed) {
            try {
                Cid cid = queue.poll(1000);
                if (cid != null) {
                    work(cid);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: pin tracker worker failed", self, e);
            }
        }
    }

    private void work(Cid cid) {
        Pin pin = pinset.get(cid).filter(p -> p.isAllocatedTo(self)).orElse(null);
        PinProgress progress = new PinProgress(clock);
        boolean[] verify = {false};
        Entry started = tracked.computeIfPresent(cid, (k, e) -> {
            e.queued = false; // changes from now on need another pass
            e.running = true;
            e.progress = progress;
            verify[0] = e.verify;
            e.verify = false;
            e.status = new LocalStatus(pin != null ? TrackerStatus.PINNING : TrackerStatus.UNPINNING, "",
                    clock.instant(), attempts(e));
            return e;
        });
        if (started == null) {
            return;
        }
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        try {
            if (pin != null) {
                if (verify[0] || !connector.status(cid).satisfies(pin.options().mode())) {
                    done = pinner.pin(pin, progress);
                }
            } else if (connector.status(cid).isPinned()) {
                connector.unpin(cid);
            }
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        // The pass ends when the pin is durable. This worker goes on meanwhile, so pins recorded at the same time
        // share one disk flush instead of each holding a worker through its own.
        done.whenComplete((ok, error) -> end(cid, error == null ? null : failureMessage(cid, error), pin != null));
    }

    private String failureMessage(Cid cid, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ClusterException) {
            return cause.getMessage();
        }
        LOG.warn("{}: working on {} failed", self, cid, cause);
        return cause.toString();
    }

    /** Ends a pass: forgets the CID on success, schedules a retry on failure, re-queues it if it changed meanwhile. */
    private void end(Cid cid, String error, boolean wasPinning) {
        boolean[] requeue = {false};
        tracked.computeIfPresent(cid, (k, e) -> {
            e.running = false;
            e.progress = null;
            if (e.queued) { // a newer wish arrived while running: its outcome will be the status
                e.status = queuedStatus(wants(cid), e);
                requeue[0] = true;
                return e;
            }
            if (error == null) {
                return null;
            }
            // A pin that failed may have left the store with the pin recorded but blocks missing (a repair that
            // lost a race with more deletions): its retry must check the DAG, not trust the pin record.
            e.verify |= wasPinning;
            recordFailure(cid, e, wasPinning, error);
            return e;
        });
        if (requeue[0]) {
            offerOrFail(cid, Priority.NEW);
        } else if (error != null) {
            LOG.debug("{}: {} failed: {}", self, cid, error);
        }
    }

    private void recordFailure(Cid cid, Entry e, boolean pinning, String error) {
        int attempts = attempts(e) + 1;
        e.status = new LocalStatus(pinning ? TrackerStatus.PIN_ERROR : TrackerStatus.UNPIN_ERROR, error,
                clock.instant(), attempts);
        if (!closed) {
            e.retry = scheduler.once(settings.backoff().delayAfter(attempts), () -> retry(cid));
        }
    }

    private void retry(Cid cid) {
        boolean wanted = wants(cid);
        boolean[] offer = {false};
        tracked.computeIfPresent(cid, (k, e) -> {
            if (e.queued || e.running) {
                return e;
            }
            e.retry = null;
            e.queued = true;
            e.status = queuedStatus(wanted, e);
            offer[0] = true;
            return e;
        });
        if (offer[0]) {
            offerOrFail(cid, Priority.RETRY);
        }
    }

    private void stopStalledPins() {
        Instant now = clock.instant();
        Duration limit = settings.progressTimeout();
        for (Entry e : tracked.values()) {
            PinProgress p = e.progress;
            if (p != null && Duration.between(p.lastProgress(), now).compareTo(limit) > 0) {
                p.cancel("no progress for " + limit + " (" + p.blocksStored() + " blocks stored in this attempt)");
            }
        }
    }

    private static void cancelRetry(Entry e) {
        if (e.retry != null) {
            e.retry.cancel();
            e.retry = null;
        }
    }

    private static int attempts(Entry e) {
        LocalStatus s = e.status;
        return s == null ? 0 : s.attemptCount();
    }

    /** Stops the workers; running pins are cancelled and, like queued ones, redone at the next start. */
    @Override
    public void close() {
        closed = true;
        scheduler.close();
        tracked.values().forEach(e -> {
            PinProgress p = e.progress;
            if (p != null) {
                p.cancel("the pin tracker is stopping");
            }
        });
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
