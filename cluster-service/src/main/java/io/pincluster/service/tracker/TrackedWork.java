package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.tracker.PinQueue.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The tracker's bookkeeping of work in progress: the {@link PinQueue}, and for each CID queued, running or failed
 * its status, its retry (exponential backoff) and its running attempt's progress. A CID with nothing to do has no
 * entry, so memory grows with the work in progress, not with the pinset. Every change to one CID's entry happens
 * inside {@code tracked.compute} for that CID, so a change arriving during a pass is never lost: the pass ends
 * by re-queueing it.
 */
final class TrackedWork {
    private final PinQueue queue;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    /** Whether the pinset wants {@code cid} pinned on this peer now. */
    private final Predicate<Cid> wanted;
    private final ConcurrentHashMap<Cid, Entry> tracked = new ConcurrentHashMap<>();
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

    /** What a pass starting on a CID is to do. */
    record Pass(PinProgress progress, boolean verify) {
    }

    TrackedWork(TrackerSettings settings, Clock clock, Scheduler scheduler, Predicate<Cid> wanted) {
        this.queue = new PinQueue(settings.maxQueueSize());
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.wanted = wanted;
    }

    /** The status of a CID with work in progress or failed; null when it has none. */
    LocalStatus status(Cid cid) {
        Entry e = tracked.get(cid);
        return e == null ? null : e.status;
    }

    boolean isTracked(Cid cid) {
        return tracked.containsKey(cid);
    }

    /** CIDs with work queued, running or failed, in CID order; some may no longer be in the pinset. */
    List<Cid> cids() {
        return tracked.keySet().stream().sorted().toList();
    }

    /** Tracked CIDs whose status is one of {@code statuses}. */
    Stream<Cid> withStatus(Predicate<TrackerStatus> statuses) {
        return tracked.entrySet().stream().filter(e -> statuses.test(e.getValue().status.status()))
                .map(Map.Entry::getKey);
    }

    int queueLength() {
        return queue.size();
    }

    /** How many tracked CIDs have each status. */
    Map<TrackerStatus, Long> statusCounts() {
        EnumMap<TrackerStatus, Long> counts = new EnumMap<>(TrackerStatus.class);
        tracked.values().forEach(e -> {
            LocalStatus s = e.status;
            if (s != null) {
                counts.merge(s.status(), 1L, Long::sum);
            }
        });
        return counts;
    }

    /** The next CID to work on, waiting up to {@code millis}; null if none came. */
    Cid poll(long millis) throws InterruptedException {
        return queue.poll(millis);
    }

    /**
     * Queues a pass over {@code cid} (a pending retry is dropped: the pass replaces it). A running pass that pins
     * something no longer wanted is cancelled; either way the newest wish gets its own pass.
     */
    void enqueue(Cid cid, Priority priority, boolean verify) {
        boolean wants = wanted.test(cid);
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
                if (!wants && e.progress != null) {
                    e.progress.cancel("no longer allocated to this peer");
                }
                return e; // re-queued when the running pass ends
            }
            e.status = queuedStatus(wants, e);
            offer[0] = true;
            return e;
        });
        if (offer[0]) {
            offerOrFail(cid, priority);
        }
    }

    /**
     * Reports an untracked CID {@code unexpectedly_unpinned} for {@code why} and queues a verifying repair;
     * returns false when the CID was tracked meanwhile (that pass will see the gap too).
     */
    boolean markLost(Cid cid, String why) {
        boolean[] offer = {false};
        tracked.compute(cid, (k, e) -> {
            if (e != null) {
                return e;
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
        return offer[0];
    }

    /** Starts a pass over {@code cid}; null when nothing is tracked for it any more. */
    Pass begin(Cid cid, boolean pinning) {
        PinProgress progress = new PinProgress(clock);
        boolean[] verify = {false};
        Entry started = tracked.computeIfPresent(cid, (k, e) -> {
            e.queued = false; // changes from now on need another pass
            e.running = true;
            e.progress = progress;
            verify[0] = e.verify;
            e.verify = false;
            e.status = new LocalStatus(pinning ? TrackerStatus.PINNING : TrackerStatus.UNPINNING, "",
                    clock.instant(), attempts(e));
            return e;
        });
        return started == null ? null : new Pass(progress, verify[0]);
    }

    /**
     * Ends a pass: forgets the CID on success, schedules a retry on failure ({@code error} not null), re-queues it
     * if it changed meanwhile. Returns true when it was re-queued.
     */
    boolean end(Cid cid, String error, boolean wasPinning) {
        boolean[] requeue = {false};
        tracked.computeIfPresent(cid, (k, e) -> {
            e.running = false;
            e.progress = null;
            if (e.queued) { // a newer wish arrived while running: its outcome will be the status
                e.status = queuedStatus(wanted.test(cid), e);
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
        }
        return requeue[0];
    }

    /** Cancels every attempt that stored no block for the progress timeout; it fails and is retried. */
    void stopStalled() {
        Instant now = clock.instant();
        Duration limit = settings.progressTimeout();
        for (Entry e : tracked.values()) {
            PinProgress p = e.progress;
            if (p != null && Duration.between(p.lastProgress(), now).compareTo(limit) > 0) {
                p.cancel("no progress for " + limit + " (" + p.blocksStored() + " blocks stored in this attempt)");
            }
        }
    }

    /** No more retries are scheduled; running attempts are cancelled. */
    void close() {
        closed = true;
        tracked.values().forEach(e -> {
            PinProgress p = e.progress;
            if (p != null) {
                p.cancel("the pin tracker is stopping");
            }
        });
    }

    private LocalStatus queuedStatus(boolean wants, Entry e) {
        return new LocalStatus(wants ? TrackerStatus.PIN_QUEUED : TrackerStatus.UNPIN_QUEUED, "", clock.instant(),
                attempts(e));
    }

    private void offerOrFail(Cid cid, Priority priority) {
        if (!queue.offer(cid, priority)) {
            String why = "the pin queue is full (" + settings.maxQueueSize() + ")";
            tracked.computeIfPresent(cid, (k, e) -> {
                e.queued = false;
                recordFailure(cid, e, wanted.test(cid), why);
                return e;
            });
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
        boolean wants = wanted.test(cid);
        boolean[] offer = {false};
        tracked.computeIfPresent(cid, (k, e) -> {
            if (e.queued || e.running) {
                return e;
            }
            e.retry = null;
            e.queued = true;
            e.status = queuedStatus(wants, e);
            offer[0] = true;
            return e;
        });
        if (offer[0]) {
            offerOrFail(cid, Priority.RETRY);
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
}
