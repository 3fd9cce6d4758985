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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's bookkeeping of work in progress: the {@link PinQueue}, and for each CID queued, running or failed
 * its status, its retry (exponential backoff) and its running attempt's progress. A CID with nothing to do has no
 * entry, so memory grows with the work in progress, not with the pinset. Every change to one CID's entry happens
 * inside {@code tracked.compute} for that CID, so a change arriving during a pass is never lost: the pass ends
 * by re-queueing it.
 *
 * <p>A pin whose content no peer asked had ({@link ContentUnavailableException}) gets no retry timer: it waits in
 * {@link WaitingPins} (no entry here at all) until {@link #wake} or {@link #recheckWaiting}. A pin that held its
 * content before (a verifying pass: the reconcile found blocks lost) waits the same way but keeps its entry, so its
 * {@code pin_error} stays visible. Moving a CID between the two structures also happens inside the CID's
 * {@code compute}.
 *
 * <p>A CID that finds the queue full is turned away: its entry is dropped, it keeps no state and no timer (an entry
 * and a retry timer for each of ten million pins beyond a million-pin queue took ~300 bytes a pin and overflowed a
 * 4 GiB heap), and the tracker is asked for one walk of the pinset once the queue is back to half full. The walk
 * queues what is still to do (a pin allocated here and not held, a local pin no longer allocated), stops when the
 * queue turns a CID away again, and is asked for again when there is room, until one walk reads the whole pinset
 * with no CID turned away: until then {@link #hasBacklog} is true.
 */
final class TrackedWork {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedWork.class);
    private final PinQueue queue;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    /** Whether the pinset wants {@code cid} pinned on this peer now. */
    private final Predicate<Cid> wanted;
    private final ConcurrentHashMap<Cid, Entry> tracked = new ConcurrentHashMap<>();
    private final WaitingPins waiting = new WaitingPins();
    /** Asks the tracker for a walk of the pinset; run (outside any lock) when turned-away CIDs may be queued again. */
    private final Runnable walkForTurnedAway;
    /** Guards the backlog's state below; nothing is called while holding it. */
    private final Object backlogLock = new Object();
    private volatile boolean backlog;           // CIDs were turned away and no complete walk has queued them since
    private volatile boolean turnedAwayInWalk;  // a CID was turned away since the current walk began
    private boolean walkAsked;                  // a walk was asked for and has not begun yet
    private boolean walkRunning;
    private Cid lowestPinTurnedAway;            // since the last walk began: where the next walk starts (null: none)
    private boolean unpinTurnedAway;            // since the last walk began: the next one walks the local pins too
    private volatile boolean closed;

    /** One CID's work in progress. Fields change only inside {@code tracked.compute} for the CID. */
    private static final class Entry {
        volatile LocalStatus status;
        boolean queued;      // a pass is waiting (in the queue, or for the running pass to end)
        boolean running;
        boolean verify;      // the next pass re-checks the whole DAG even if the store says it is pinned
        boolean awaitingHolder; // failed for want of a holder: no retry timer, waits for a wake-up
        boolean lookedUp;    // the leader was asked who holds it, or is not to be (an operator's recover)
        HolderLookup.Holders holders = HolderLookup.Holders.UNKNOWN; // what the leader answered
        PinProgress progress;
        Scheduler.Cancellable retry;
    }

    /**
     * What a pass starting on a CID is to do.
     *
     * @param lookUp  the leader has not been asked who holds it yet (decision 0022)
     * @param holders what the leader answered when it was asked
     */
    record Pass(PinProgress progress, boolean verify, boolean lookUp, HolderLookup.Holders holders) {
        Pass(PinProgress progress, boolean verify) {
            this(progress, verify, false, HolderLookup.Holders.UNKNOWN);
        }
    }

    /**
     * @param wanted            whether the pinset wants a CID pinned on this peer now
     * @param walkForTurnedAway asks for a walk of the pinset (see the class comment); may be called on a worker
     */
    TrackedWork(TrackerSettings settings, Clock clock, Scheduler scheduler, Predicate<Cid> wanted,
                Runnable walkForTurnedAway) {
        this.queue = new PinQueue(settings.maxQueueSize());
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.wanted = wanted;
        this.walkForTurnedAway = walkForTurnedAway;
    }

    /** The status of a CID with work in progress or failed; null when it has none. */
    LocalStatus status(Cid cid) {
        Entry e = tracked.get(cid);
        return e == null ? null : e.status;
    }

    /** True when {@code cid} has an entry or waits for a holder. */
    boolean isTracked(Cid cid) {
        return tracked.containsKey(cid) || waiting.contains(cid);
    }

    /** True when {@code cid} has an entry: queued, running or failed (a waiting pin may have one too). */
    boolean hasEntry(Cid cid) {
        return tracked.containsKey(cid);
    }

    /** True when {@code cid} waits, {@code pin_queued}, for a peer that holds its content. */
    boolean isWaiting(Cid cid) {
        return waiting.contains(cid);
    }

    /** How many pins wait for a holder, with or without an entry. */
    int waitingCount() {
        int withEntry = 0;
        for (Entry e : tracked.values()) {
            withEntry += e.awaitingHolder ? 1 : 0;
        }
        return waiting.size() + withEntry;
    }

    /** The waiting pins without an entry (tests measure their memory). */
    WaitingPins waitingPins() {
        return waiting;
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

    /** How many tracked CIDs have each status; those waiting for a holder count as {@code pin_queued}. */
    Map<TrackerStatus, Long> statusCounts() {
        EnumMap<TrackerStatus, Long> counts = new EnumMap<>(TrackerStatus.class);
        int waitingNow = waiting.size();
        if (waitingNow > 0) {
            counts.put(TrackerStatus.PIN_QUEUED, (long) waitingNow);
        }
        tracked.values().forEach(e -> {
            LocalStatus s = e.status;
            if (s != null) {
                counts.merge(s.status(), 1L, Long::sum);
            }
        });
        return counts;
    }

    /**
     * The next CID to work on, waiting up to {@code millis}; null if none came. With CIDs turned away and the queue
     * back to half full, asks for the walk that queues them (once until it begins).
     */
    Cid poll(long millis) throws InterruptedException {
        Cid cid = queue.poll(millis);
        if (backlog && queue.size() <= settings.maxQueueSize() / 2) {
            boolean ask;
            synchronized (backlogLock) {
                ask = backlog && !walkAsked && !walkRunning; // a running walk that stops is asked for again
                walkAsked |= ask;
            }
            if (ask) {
                walkForTurnedAway.run();
            }
        }
        return cid;
    }

    /**
     * True from the first CID turned away by a full queue until a walk of the pinset has read it all with none
     * turned away: until then a pin allocated here and not held may be one of them, {@code pin_queued}.
     */
    boolean hasBacklog() {
        return backlog;
    }

    /**
     * A walk of the pinset begins; returns what it must cover to queue every CID turned away before this call: the
     * pins allocated here from the lowest such CID on (the walk before stopped there, or a pin change was turned away
     * lower), the local pins if an unpin was turned away.
     */
    Reconciliation.WalkScope walkBegins() {
        synchronized (backlogLock) {
            Reconciliation.WalkScope scope = new Reconciliation.WalkScope(lowestPinTurnedAway != null,
                    lowestPinTurnedAway, unpinTurnedAway);
            walkAsked = false;
            walkRunning = true;
            turnedAwayInWalk = false;
            lowestPinTurnedAway = null;
            unpinTurnedAway = false;
            return scope;
        }
    }

    /** True when a CID was turned away since the walk began: the queue is full, the walk should stop. */
    boolean turnedAwayInWalk() {
        return turnedAwayInWalk;
    }

    /**
     * The walk ended; {@code complete}: it read the whole pinset. Returns true when that ended the backlog (no CID
     * was turned away meanwhile).
     */
    boolean walkEnded(boolean complete) {
        synchronized (backlogLock) {
            walkRunning = false;
            if (complete && backlog && !turnedAwayInWalk) {
                backlog = false;
                return true;
            }
            return false;
        }
    }

    /**
     * Queues a pass over {@code cid} (a pending retry is dropped: the pass replaces it). A running pass that pins
     * something no longer wanted is cancelled; either way the newest wish gets its own pass.
     */
    void enqueue(Cid cid, Priority priority, boolean verify) {
        boolean wants = wanted.test(cid);
        boolean[] offer = {false};
        tracked.compute(cid, (k, existing) -> {
            Entry e = existing;
            if (e == null) {
                waiting.remove(cid); // the new pass replaces the wait
                e = new Entry();
            }
            cancelRetry(e);
            e.awaitingHolder = false;
            e.verify |= verify;
            e.lookedUp = false; // a changed pin (new allocations) is looked up afresh
            e.holders = HolderLookup.Holders.UNKNOWN;
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
            offerOrTurnAway(cid, priority);
        }
    }

    /**
     * Reports an untracked CID {@code unexpectedly_unpinned} for {@code why} and queues a verifying repair;
     * returns false when the CID was tracked meanwhile (that pass will see the gap too).
     */
    boolean markLost(Cid cid, String why) {
        boolean[] offer = {false};
        tracked.compute(cid, (k, e) -> {
            if (e != null || waiting.contains(cid)) {
                return e; // a waiting pin never held its content here: nothing was lost
            }
            Entry n = new Entry();
            n.queued = true;
            n.verify = true;
            n.status = new LocalStatus(TrackerStatus.UNEXPECTEDLY_UNPINNED, why, clock.instant(), 0);
            offer[0] = true;
            return n;
        });
        if (offer[0]) {
            offerOrTurnAway(cid, Priority.REPAIR);
        }
        return offer[0];
    }

    /** Starts a pass over {@code cid}; null when nothing is tracked for it any more. */
    Pass begin(Cid cid, boolean pinning) {
        PinProgress progress = new PinProgress(clock);
        boolean[] verify = {false};
        boolean[] lookUp = {false};
        HolderLookup.Holders[] holders = {HolderLookup.Holders.UNKNOWN};
        Entry started = tracked.computeIfPresent(cid, (k, e) -> {
            e.queued = false; // changes from now on need another pass
            e.running = true;
            e.progress = progress;
            verify[0] = e.verify;
            lookUp[0] = !e.lookedUp && !e.verify;
            holders[0] = e.holders;
            e.verify = false;
            e.status = new LocalStatus(pinning ? TrackerStatus.PINNING : TrackerStatus.UNPINNING, "",
                    clock.instant(), attempts(e));
            return e;
        });
        return started == null ? null : new Pass(progress, verify[0], lookUp[0], holders[0]);
    }

    /**
     * Ends a pass: forgets the CID on success, schedules a retry on failure ({@code error} not null), re-queues it
     * if it changed meanwhile. A pin that failed for want of a holder ({@code noHolder}) is not retried on a timer:
     * it waits for {@link #wake}; after a verifying pass (its content was held here) it keeps its {@code pin_error}
     * entry while it waits, else it keeps nothing but its place in {@link WaitingPins}. Returns true when it was
     * re-queued.
     */
    boolean end(Cid cid, String error, boolean wasPinning) {
        return end(cid, error, wasPinning, false, false);
    }

    /** As {@link #end(Cid, String, boolean)}; {@code verified}: the pass checked the whole DAG. */
    boolean end(Cid cid, String error, boolean wasPinning, boolean noHolder, boolean verified) {
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
            if (noHolder && wasPinning && wanted.test(cid)) {
                if (!verified) {
                    waiting.add(cid);
                    return null;
                }
                e.verify = true;
                e.awaitingHolder = true;
                e.status = new LocalStatus(TrackerStatus.PIN_ERROR, error, clock.instant(), attempts(e) + 1);
                return e;
            }
            // A pin that failed may have left the store with the pin recorded but blocks missing (a repair that
            // lost a race with more deletions): its retry must check the DAG, not trust the pin record.
            e.verify |= wasPinning;
            recordFailure(cid, e, wasPinning, error);
            return e;
        });
        if (requeue[0]) {
            offerOrTurnAway(cid, Priority.NEW);
        }
        return requeue[0];
    }

    /**
     * Ends a pass that only asked the leader who holds {@code cid} (decision 0022) and queues the pass that acts on
     * the answer at once — or, when the leader said nobody holds it, {@code waitOnNobody} (the pinner could not pin it
     * without a peer: no archive, nothing in the gateway's cache) and nothing changed meanwhile, puts it to wait for a
     * holder right here: that pass would ask no peer and fail at once. Returns false when nothing is tracked for it
     * any more or it waits.
     */
    boolean again(Cid cid, HolderLookup.Holders holders, boolean waitOnNobody) {
        boolean wants = wanted.test(cid);
        boolean[] offer = {false};
        tracked.computeIfPresent(cid, (k, e) -> {
            e.running = false;
            e.progress = null;
            if (waitOnNobody && holders.isNobody() && wants && !e.queued && !e.lookedUp && !e.verify) {
                waiting.add(cid); // nothing woke it, no recover asked for the peers, no wish changed
                return null;
            }
            if (!e.lookedUp) { // else an operator's recover meanwhile asked for the peers to be asked
                e.holders = holders;
            }
            e.lookedUp = true;
            e.queued = true;
            e.status = queuedStatus(wants, e);
            offer[0] = true;
            return e;
        });
        if (offer[0]) {
            offerOrTurnAway(cid, Priority.NEW);
        }
        return offer[0];
    }

    /**
     * A holder of {@code cid}'s content may have appeared: a pin waiting for one is queued, and a running pass gets
     * another one after it (it may have asked before the content arrived). Anything else is left alone. Returns true
     * when a pass was queued.
     */
    boolean wake(Cid cid) {
        return wake(cid, false);
    }

    /**
     * As {@link #wake(Cid)}; with {@code askPeers} the next pass asks the peers themselves rather than the leader
     * first (an operator's {@code recover}: content in a store without a pin is found only so).
     */
    boolean wake(Cid cid, boolean askPeers) {
        boolean wants = wanted.test(cid);
        boolean[] offer = {false};
        boolean[] queued = {false};
        tracked.compute(cid, (k, e) -> {
            if (e == null) {
                if (!waiting.remove(cid)) {
                    return null;
                }
                Entry n = new Entry();
                n.queued = true;
                n.lookedUp = askPeers;
                n.status = queuedStatus(wants, n);
                offer[0] = true;
                queued[0] = true;
                return n;
            }
            if (askPeers) {
                e.lookedUp = true;
                e.holders = HolderLookup.Holders.UNKNOWN;
            }
            if (e.running && !e.queued) {
                e.queued = true; // re-queued when the running pass ends
                queued[0] = true;
            } else if (e.awaitingHolder && !e.queued) {
                e.awaitingHolder = false;
                e.queued = true;
                e.status = queuedStatus(wants, e);
                offer[0] = true;
                queued[0] = true;
            }
            return e;
        });
        if (offer[0]) {
            offerOrTurnAway(cid, Priority.RETRY);
        }
        return queued[0];
    }

    /**
     * The safety net: every pin waiting for a holder gets one more pass. Returns how many were queued.
     */
    int recheckWaiting() {
        int[] woken = {0};
        waiting.forEach(cid -> woken[0] += wake(cid) ? 1 : 0);
        return woken[0] + recheckWaitingWithEntry();
    }

    /** As {@link #recheckWaiting}, for the pins that wait with an entry (their content was held here) only. */
    int recheckWaitingWithEntry() {
        int woken = 0;
        for (Map.Entry<Cid, Entry> e : tracked.entrySet()) {
            if (e.getValue().awaitingHolder && wake(e.getKey())) {
                woken++;
            }
        }
        return woken;
    }

    /** Up to {@code max} CIDs that wait without an entry, in CID order, after {@code after} (null: from the first). */
    List<Cid> waitingAfter(Cid after, int max) {
        return waiting.after(after, max);
    }

    /** Every CID waiting for a holder, with or without an entry. */
    Stream<Cid> waitingCids() {
        Stream<Cid> withEntry = tracked.entrySet().stream().filter(e -> e.getValue().awaitingHolder)
                .map(Map.Entry::getKey);
        return Stream.concat(waiting.stream(), withEntry);
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

    /*
     * A CID the full queue turns away keeps nothing (see the class comment): the walk that follows finds it again,
     * as it finds what changed while a peer was down. What it does not redo: a check of the whole DAG of a pin the
     * store holds (the periodic reconcile finds missing blocks again) and the attempt count of a failing pin.
     */
    private void offerOrTurnAway(Cid cid, Priority priority) {
        if (queue.offer(cid, priority)) {
            return;
        }
        tracked.computeIfPresent(cid, (k, e) -> {
            cancelRetry(e);
            return null;
        });
        boolean pin = wanted.test(cid);
        boolean first;
        synchronized (backlogLock) {
            first = !backlog;
            backlog = true;
            turnedAwayInWalk = true;
            if (!pin) {
                unpinTurnedAway = true;
            } else if (lowestPinTurnedAway == null || cid.compareTo(lowestPinTurnedAway) < 0) {
                lowestPinTurnedAway = cid;
            }
        }
        if (first) {
            LOG.warn("the pin queue is full ({} CIDs): pins beyond it are not queued one by one; a walk of the "
                    + "pinset queues them when it has room", settings.maxQueueSize());
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
            offerOrTurnAway(cid, Priority.RETRY);
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
