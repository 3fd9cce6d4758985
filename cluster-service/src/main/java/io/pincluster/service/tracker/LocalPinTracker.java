package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.tracker.PinQueue.Priority;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
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
 * stopped and retried (slow but steady transfers are never cut off). A pin whose content no peer asked had (the
 * common case of a CID whose content lives elsewhere) is not retried on a timer: it waits, {@code pin_queued}, with
 * no periodic work of its own, until {@link #wake} says a holder may have appeared (a peer confirmed it pinned, an
 * {@code /add} pushed its blocks here, its pin changed) or the slow, jittered re-check of all waiting pins comes
 * round ({@code pin_tracker.absent_recheck_interval}). No peer is asked twice for a pin in the meantime, so a
 * million such pins cost their memory (see {@link WaitingPins}) and no CPU or network while they wait.
 *
 * <p>Only CIDs queued, running or failed have an entry here: the status of the others is derived from the pinset
 * and the store, so memory grows with the work in progress, not with the pinset ({@link TrackedWork}). After a
 * restart, {@link #start} rebuilds the work from the pinset and the store's pins ({@link Reconciliation}) A CID
 * that finds the queue ({@code max_queue_size}) full keeps no state at all: a walk of the pinset queues it once the
 * queue is half empty again, so a bulk load far larger than the queue costs the queue and the pinset, nothing per
 * pin beyond them.
 *
 * <p>Make-before-break: a pin that leaves the pinset is unpinned at once, but a pin still in the pinset and no
 * longer allocated here (moved by repair, rebalancing, a drain or a user's update) keeps its local copy as a
 * {@linkplain SurplusCopies surplus copy} until {@link #release} says the leader confirmed its new holders. What the
 * store gains and loses is journalled in {@link HoldingChanges} for the holdings reports to the leader.
 */
public final class LocalPinTracker implements PinSetListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPinTracker.class);
    /**
     * The note a kept surplus copy's {@code pinned} status carries. It says {@code pinned}, not {@code remote}: the
     * copy is whole in this store, and a caller counting live copies during a move (a repair's status sampler, an
     * operator) must see it, or a pin whose new holders are still copying looks as if it had no copy at all.
     */
    static final String SURPLUS_NOTE = "copy kept here until the peers now allocated have confirmed theirs "
            + "(make-before-break)";
    /**
     * The note of a pin waiting for a holder. Its status is {@code pin_queued}, as ipfs-cluster clients expect of a
     * pin not done yet: it has not failed, its content is just not in the cluster (yet). Since decision 0022 the
     * leader may have said that no live peer holds it, and then no peer was asked at all.
     */
    static final String WAITING_NOTE = "waiting for a peer that holds its content (none is known to have it)";
    /**
     * The note of a waiting pin that names {@code origins}: only the Kubo connector dials IPFS nodes outside the
     * cluster (decision 0025), and a pin that waits is one the embedded store's fetch from cluster peers could not
     * make, so its origins outside the cluster were not used. Saying so beats letting the user wait on them.
     */
    static final String WAITING_ORIGINS_NOTE = WAITING_NOTE + "; of its origins only cluster peers are asked: the "
            + "embedded store cannot dial other IPFS nodes (the Kubo connector does)";
    /**
     * The note of a pin allocated here and not held while the full queue has turned pins away: it may be one of them
     * (they keep no state of their own), and the walk that follows queues it.
     */
    static final String QUEUE_FULL_NOTE = "the pin queue was full (pin_tracker.max_queue_size): queued by a walk of "
            + "the pinset once the queue has room";
    /** How far the safety net's re-check may fall before or after its interval, as a share of it. */
    static final double RECHECK_JITTER = 0.25;

    /** Set by {@link #start}: pinset changes before it are covered by the start's catch-up walk. */
    private volatile boolean started;
    private final PeerId self;
    private final PinSetView pinset;
    private final NodeConnector connector;
    private final ContentPinner pinner;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    private final TrackedWork work;
    private final HoldingChanges changes = new HoldingChanges();
    private final SurplusCopies surplus = new SurplusCopies();
    private final Reconciliation reconciliation;
    private final List<Thread> workers = new ArrayList<>();
    private final DoubleSupplier random;
    private final HolderLookup lookup;
    private final LeaderRecheck recheck;
    private final CatchUpWalks walks;
    private volatile boolean closed;

    public LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner,
                           TrackerSettings settings, Clock clock, Scheduler scheduler) {
        this(self, pinset, connector, pinner, settings, clock, scheduler, HolderLookup.NONE);
    }

    /**
     * As above; {@code lookup} says, before a pin's first attempt asks any peer, which peers hold its content, so a
     * pin nobody holds waits without a single status or block request (decision 0022).
     */
    public LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner,
                           TrackerSettings settings, Clock clock, Scheduler scheduler, HolderLookup lookup) {
        this(self, pinset, connector, pinner, settings, clock, scheduler,
                () -> ThreadLocalRandom.current().nextDouble(), lookup);
    }

    /** As above; {@code random} (values in [0, 1)) places each safety-net re-check within its jitter. */
    LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner,
                    TrackerSettings settings, Clock clock, Scheduler scheduler, DoubleSupplier random) {
        this(self, pinset, connector, pinner, settings, clock, scheduler, random, HolderLookup.NONE);
    }

    LocalPinTracker(PeerId self, PinSetView pinset, NodeConnector connector, ContentPinner pinner,
                    TrackerSettings settings, Clock clock, Scheduler scheduler, DoubleSupplier random,
                    HolderLookup lookup) {
        this.self = self;
        this.lookup = lookup;
        this.random = random;
        this.pinset = pinset;
        this.connector = connector;
        this.pinner = pinner;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.work = new TrackedWork(settings, clock, scheduler, this::wants, this::walkForTurnedAway);
        this.reconciliation = new Reconciliation(self, pinset, connector, pinner, work, changes, surplus,
                () -> closed);
        this.recheck = new LeaderRecheck(self, pinset, pinner, lookup, work);
        this.walks = new CatchUpWalks(self, reconciliation, work);
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
        startTracking();
        catchUp();
    }

    /**
     * The first half of {@link #start}: from here on a pinset change is queued as it comes; what changed before is
     * left to {@link #catchUp}, which a peer calls once its APIs are up, so that the walk (at 10 million pins two
     * full reads on the other core) does not slow their start.
     */
    public void startTracking() {
        started = true; // before the walk: a change from here on is queued by pinChanged, an earlier one is in the walk
        scheduler.every(settings.watchdogPeriod(), work::stopStalled);
        if (!settings.reconcileInterval().isZero()) {
            scheduler.every(settings.reconcileInterval(), this::reconcile);
        }
        scheduleRecheck();
        LOG.info("{}: pin tracker started", self);
    }

    /**
     * Walks the pinset and the local pins on a thread of its own, queueing what differs: the walk runs beside the
     * peer, not in its start (at 10 million pins it reads both in full), and statuses are "unexpectedly unpinned" or
     * "queued" until it reaches a pin. Call after {@link #startTracking}.
     */
    public void catchUp() {
        LOG.info("{}: pin tracker catching up in the background", self);
        walks.whole();
    }

    /**
     * A snapshot replaced the pinset (installed from the leader: a new peer, or one that fell behind the purged log).
     * The catch-up walk resyncs from it on its own thread instead of one event per pin on the apply thread: a new
     * peer installing 10 million pins queued every one of them there, and its load took 60 s instead of 15.
     * Before {@link #start} the start's walk covers it.
     */
    @Override
    public boolean pinsetReplaced() {
        if (started) {
            walks.whole();
        }
        return true;
    }

    /* The full queue turned CIDs away and has room again (TrackedWork calls this on a worker). */
    private void walkForTurnedAway() {
        walks.forTurnedAway();
    }

    @Override
    public void pinChanged(Pin before, Pin after) {
        if (!started) {
            // The snapshot load and log replay at startup: start()'s catch-up walks the result and queues only what the
            // store lacks. Queueing every loaded pin here held an entry per pin (10M pins: a 4 GiB heap full of them,
            // the restart stuck in collections).
            return;
        }
        boolean wanted = after != null && after.isAllocatedTo(self);
        boolean wasWanted = before != null && before.isAllocatedTo(self);
        if (wanted && wasWanted && before.options().mode() == after.options().mode() && !work.isTracked(after.cid())) {
            // Only the other peers of the pin changed (a repair moved a copy): nothing to do here. Queueing it would
            // report this held copy as pin_queued until a worker looked, and a repair batch would make every holder
            // of a pin say so at once.
            return;
        }
        Cid cid = after != null ? after.cid() : before.cid();
        // A kept surplus copy whose pin leaves the pinset is released at once.
        if (wanted || wasWanted || (after == null && surplus.isKept(cid))) {
            work.enqueue(cid, Priority.NEW, false);
        }
    }

    /** This peer's status of {@code cid}. */
    public LocalStatus status(Cid cid) {
        LocalStatus s = work.status(cid);
        if (s != null) {
            return s;
        }
        Pin pin = pinset.get(cid).orElse(null);
        if (pin == null) {
            return LocalStatus.of(TrackerStatus.UNPINNED, clock.instant());
        }
        if (work.isWaiting(cid)) {
            return new LocalStatus(TrackerStatus.PIN_QUEUED, pin.options().origins().isEmpty() ? WAITING_NOTE
                    : WAITING_ORIGINS_NOTE, pin.timestamp(), 0);
        }
        if (!pin.isAllocatedTo(self)) {
            return surplus.isKept(cid) && connector.status(cid).satisfies(pin.options().mode())
                    ? new LocalStatus(TrackerStatus.PINNED, SURPLUS_NOTE, pin.timestamp(), 0)
                    : LocalStatus.of(TrackerStatus.REMOTE, pin.timestamp());
        }
        if (connector.status(cid).satisfies(pin.options().mode())) {
            return LocalStatus.of(TrackerStatus.PINNED, pin.timestamp());
        }
        return work.hasBacklog() ? new LocalStatus(TrackerStatus.PIN_QUEUED, QUEUE_FULL_NOTE, pin.timestamp(), 0)
                : LocalStatus.of(TrackerStatus.UNEXPECTEDLY_UNPINNED, clock.instant());
    }

    /**
     * Retries {@code cid} now when it failed or is missing locally, tries again a pin waiting for a holder, and gives
     * a running pin one more pass after this one (its content may have arrived after it asked: an {@code /add}
     * pushing blocks here ends with this call); returns its status afterwards.
     */
    public LocalStatus recover(Cid cid) {
        if (needsRecovery(status(cid).status())) {
            work.enqueue(cid, Priority.NEW, true);
        } else {
            work.wake(cid, true); // an operator's recover asks the peers themselves, not only the leader
        }
        return status(cid);
    }

    /**
     * Retries now every failed CID, every pin waiting for a holder and every allocated CID the store does not hold
     * pinned; returns the CIDs queued, in CID order.
     */
    public List<Cid> recoverAll() {
        TreeSet<Cid> retry = work.withStatus(LocalPinTracker::needsRecovery)
                .collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Cid> waitingNow = work.waitingCids()) {
            waitingNow.forEach(retry::add);
        }
        try (Stream<Cid> allocated = pinset.allocatedTo(self)) {
            allocated.filter(cid -> !work.isTracked(cid))
                    .filter(cid -> status(cid).status() == TrackerStatus.UNEXPECTEDLY_UNPINNED)
                    .forEach(retry::add);
        }
        retry.forEach(cid -> work.enqueue(cid, Priority.NEW, true));
        return List.copyOf(retry);
    }

    /**
     * Holders of these CIDs' content may have appeared (another peer confirmed them pinned, blocks were pushed
     * here): those waiting for a holder are queued, and running ones get another pass after this one. CIDs not
     * allocated here, or already pinned, are left alone: telling this is cheap, so the senders need not know what
     * waits where. Returns how many were queued.
     */
    public int wake(Collection<Cid> cids) {
        int woken = 0;
        for (Cid cid : cids) {
            woken += work.wake(cid) ? 1 : 0;
        }
        if (woken > 0) {
            LOG.debug("{}: {} pins woken: a holder may have appeared", self, woken);
        }
        return woken;
    }

    /**
     * The safety net (run every {@code absent_recheck_interval}, with jitter, and when the leader lost track of what to
     * tell this peer): with a leader to ask (decision 0022) the waiting pins are asked about in bulk and those someone
     * holds get a pass ({@link LeaderRecheck}, on its own thread); without one every waiting pin gets a pass now. Pins
     * that wait with an entry (their content was held here) get a pass either way.
     */
    public void recheckWaiting() {
        int woken;
        if (lookup.enabled()) {
            woken = work.recheckWaitingWithEntry();
            recheck.start();
        } else {
            woken = work.recheckWaiting();
        }
        if (woken > 0) {
            LOG.info("{}: re-checking {} pins that wait for a peer holding their content", self, woken);
        }
    }

    /**
     * True while pins the full queue turned away (they keep no state) wait for the walk of the pinset that queues
     * them; they are not counted anywhere else.
     */
    public boolean hasQueueBacklog() {
        return work.hasBacklog();
    }

    /** How many pins wait, with no periodic work, for a peer that holds their content. */
    public int waitingCount() {
        return work.waitingCount();
    }

    /**
     * One full pass: every allocated pin whose DAG is no longer complete on disk is reported
     * {@code unexpectedly_unpinned} and queued for repair; every local pin not allocated here is queued for
     * unpinning (kept as a surplus copy while its pin is in the pinset, until the leader releases it). CIDs already
     * being worked on, and surplus copies already kept, are left alone. Runs every reconcile interval; returns the
     * CIDs queued. Skipped while the full queue has turned pins away: it would take them for lost pins (not held,
     * not tracked) and turn them away again; the walk that queues them runs first.
     */
    public List<Cid> reconcile() {
        if (work.hasBacklog()) {
            LOG.info("{}: reconcile skipped: the pin queue turned pins away and is still working through them", self);
            return List.of();
        }
        return reconciliation.reconcile();
    }

    /**
     * The leader says these surplus copies may go (their new holders are confirmed): those still awaiting release
     * are queued for unpinning. Returns them.
     */
    public List<Cid> release(Collection<Cid> cids) {
        List<Cid> released = surplus.release(cids);
        released.forEach(cid -> work.enqueue(cid, Priority.NEW, false));
        return released;
    }

    /** What changed in what this store holds pinned, for the holdings reports to the leader. */
    public HoldingChanges holdingChanges() {
        return changes;
    }

    /** Copies kept here although no longer allocated here, until the leader releases them. */
    public SurplusCopies surplusCopies() {
        return surplus;
    }

    /** CIDs with work queued, running or failed, in CID order; some may no longer be in the pinset. */
    public List<Cid> inProgress() {
        return work.cids();
    }

    /** CIDs waiting for a worker. */
    public int queueLength() {
        return work.queueLength();
    }

    /**
     * How many CIDs this tracker is working on or failed, by status (for the metrics endpoint). Pinned CIDs are
     * not tracked and not counted. Walks the tracked CIDs: meant for a scrape every few seconds, not per request.
     */
    public Map<TrackerStatus, Long> statusCounts() {
        return work.statusCounts();
    }

    private static boolean needsRecovery(TrackerStatus s) {
        return s == TrackerStatus.PIN_ERROR || s == TrackerStatus.UNPIN_ERROR
                || s == TrackerStatus.UNEXPECTEDLY_UNPINNED;
    }

    private boolean wants(Cid cid) {
        return pinset.get(cid).map(p -> p.isAllocatedTo(self)).orElse(false);
    }

    /*
     * One timer for all waiting pins, however many: each run queues them all (at the lowest priority). Each tracker
     * draws its period once, within 25% of the interval, so the peers of a cluster drift apart instead of
     * re-checking in step.
     */
    private void scheduleRecheck() {
        Duration interval = settings.absentRecheckInterval();
        if (interval.isZero()) {
            return;
        }
        scheduler.every(recheckPeriod(interval, random.getAsDouble()), this::recheckWaiting);
    }

    /** The re-check period for a draw {@code r} in [0, 1): the interval, give or take {@link #RECHECK_JITTER}. */
    static Duration recheckPeriod(Duration interval, double r) {
        double factor = 1 - RECHECK_JITTER + 2 * RECHECK_JITTER * r;
        return Duration.ofNanos(Math.max(1, (long) (interval.toNanos() * factor)));
    }

    private void workLoop() {
        while (!closed) {
            try {
                Cid cid = work.poll(1000);
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

    /*
     * Make-before-break: a pin removed from the pinset is unpinned at once; a pin still in the pinset but no longer
     * allocated here keeps its local copy (a surplus copy) until the leader releases it, which it does once the
     * peers now allocated have confirmed their copies.
     */
    private void work(Cid cid) {
        Pin current = pinset.get(cid).orElse(null);
        Pin pin = current != null && current.isAllocatedTo(self) ? current : null;
        TrackedWork.Pass pass = work.begin(cid, pin != null);
        if (pass == null) {
            return;
        }
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        Runnable recordChange = () -> { };
        try {
            if (pin != null) {
                surplus.forget(cid);
                if (pass.verify() || !connector.status(cid).satisfies(pin.options().mode())) {
                    if (asksLeaderFirst(pass, pin)) {
                        lookUp(cid);
                        return;
                    }
                    // A pin naming origins asks them (decision 0022, 4): a leader's answer is no use to it, and one
                    // asked before the origins were added (an /add's push missed this peer and re-pinned naming
                    // the adder while the question was out) says "nobody" and would keep the origins unasked.
                    HolderLookup.Holders holders = pin.options().origins().isEmpty() ? pass.holders()
                            : HolderLookup.Holders.UNKNOWN;
                    done = pinner.pin(pin, pass.progress(), holders);
                }
                recordChange = () -> changes.held(cid);
            } else if (current != null && !surplus.isReleased(cid)
                    && connector.status(cid).satisfies(current.options().mode())) {
                surplus.await(cid);
            } else {
                if (connector.status(cid).isPinned()) {
                    connector.unpin(cid);
                }
                surplus.forget(cid);
                recordChange = () -> changes.released(cid);
            }
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        // The pass ends when the pin is durable. This worker goes on meanwhile, so pins recorded at the same time
        // share one disk flush instead of each holding a worker through its own.
        Runnable onSuccess = recordChange;
        boolean verified = pass.verify();
        done.whenComplete((ok, error) -> {
            if (error == null) {
                onSuccess.run();
            }
            boolean noHolder = error != null && Futures.unwrap(error) instanceof ContentUnavailableException;
            end(cid, error == null ? null : failureMessage(cid, error), pin != null, noHolder, verified);
        });
    }

    /*
     * Decision 0022: before a pin's blocks are asked of any peer, the leader is asked (in batches) which peers hold
     * it pinned. Not for a pin that names origins (those peers are asked), whose root block is here already, or on
     * a verifying pass (an operator's recover, lost blocks): those ask the peers as before.
     */
    private boolean asksLeaderFirst(TrackedWork.Pass pass, Pin pin) {
        return pass.lookUp() && lookup.enabled() && pin.options().origins().isEmpty() && pinner.needsPeers(pin);
    }

    /*
     * The pass ends with the question; the answer queues the pass that acts on it, so the workers never wait for
     * the leader and a burst of new pins is asked about a thousand at a time.
     */
    private void lookUp(Cid cid) {
        lookup.holdersOf(cid).whenComplete((holders, error) -> {
            HolderLookup.Holders answer = error == null ? holders : HolderLookup.Holders.UNKNOWN;
            boolean waitOnNobody = answer.isNobody()
                    && pinset.get(cid).map(pin -> !pinner.couldPinWithoutPeers(pin)).orElse(false);
            work.again(cid, answer, waitOnNobody);
        });
    }

    private String failureMessage(Cid cid, Throwable error) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof ClusterException) {
            return cause.getMessage();
        }
        LOG.warn("{}: working on {} failed", self, cid, cause);
        return cause.toString();
    }

    private void end(Cid cid, String error, boolean wasPinning, boolean noHolder, boolean verified) {
        if (!work.end(cid, error, wasPinning, noHolder, verified) && error != null) {
            LOG.debug("{}: {} failed: {}", self, cid, error);
        }
    }

    /** Stops the workers; running pins are cancelled and, like queued ones, redone at the next start. */
    @Override
    public void close() {
        closed = true;
        work.close();
        scheduler.close();
        recheck.close();
        walks.close();
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
