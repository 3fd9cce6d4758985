package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.tracker.HoldingChanges;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.SurplusCopies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the current Raft leader what this peer holds pinned, every {@code cluster.holder_report_interval}: the
 * changes the pin tracker journalled since the last report, or, when the leader asks for it ("resync": a new leader,
 * a lost report, this process restarted), a full report read from the store, in pages. Each report also lists a page
 * of the surplus copies this peer keeps for make-before-break, and the copies the leader answers releasable are
 * handed to the tracker to unpin; the CIDs the leader says another peer newly holds wake the tracker's pins that wait
 * for a holder. The leader reports to its own registry by a local call. A report that fails or
 * reaches a peer that no longer leads is sent again at the next interval.
 */
public final class HoldingsReporter implements AutoCloseable {
    /** CIDs per message: a full report of a million pins is 50 messages of about 0.7 MB. */
    static final int PAGE = 20_000;
    /** Delta messages per round at most, so a burst of changes does not hold the reporter for long. */
    private static final int MAX_DELTA_PAGES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(HoldingsReporter.class);

    private final PeerId self;
    private final LocalPinTracker tracker;
    private final HoldingChanges changes;
    private final SurplusCopies surplus;
    private final NodeConnector connector;
    private final PinSetView pinset;
    private final Supplier<Optional<PeerId>> leader;
    private final HolderRegistry local;
    private final PeerRpc rpc;
    private final Duration interval;
    private final int pageSize;
    private final long epoch = ThreadLocalRandom.current().nextLong();
    private final ScheduledExecutorService timer;
    private long sequence;
    private boolean fullReportNeeded = true;
    /** The last surplus CID listed; the next report lists those after it, so every one is asked about in turn. */
    private Cid awaitingCursor;

    /**
     * @param leader the current Raft leader as this peer knows it
     * @param local  this peer's registry, used when this peer leads
     */
    public HoldingsReporter(PeerId self, LocalPinTracker tracker, NodeConnector connector, PinSetView pinset,
                            Supplier<Optional<PeerId>> leader, HolderRegistry local, PeerRpc rpc, Duration interval) {
        this(self, tracker, connector, pinset, leader, local, rpc, interval, PAGE);
    }

    /** As above, with {@code pageSize} CIDs per message (tests use small pages). */
    HoldingsReporter(PeerId self, LocalPinTracker tracker, NodeConnector connector, PinSetView pinset,
                     Supplier<Optional<PeerId>> leader, HolderRegistry local, PeerRpc rpc, Duration interval,
                     int pageSize) {
        this.self = self;
        this.pageSize = pageSize;
        this.tracker = tracker;
        this.changes = tracker.holdingChanges();
        this.surplus = tracker.surplusCopies();
        this.connector = connector;
        this.pinset = pinset;
        this.leader = leader;
        this.local = local;
        this.rpc = rpc;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holdings-reporter");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::reportQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One round: sends the leader this peer's changes (or a full report when the leader asked for one) and releases
     * the surplus copies it clears. Does nothing while no leader is known.
     *
     * @throws io.pincluster.core.error.ClusterException the leader could not be reached; the changes are kept
     */
    public synchronized void reportNow() {
        PeerId to = leader.get().orElse(null);
        if (to == null) {
            return;
        }
        if (fullReportNeeded) {
            sendFullReport(to);
        } else {
            sendChanges(to);
        }
    }

    private void reportQuietly() {
        try {
            reportNow();
        } catch (RuntimeException e) {
            LOG.debug("{}: holdings report not delivered, retrying in {}: {}", self, interval, e.getMessage());
        }
    }

    private void sendChanges(PeerId to) {
        for (int page = 0; page < MAX_DELTA_PAGES; page++) {
            HoldingChanges.Batch batch = changes.take(pageSize);
            HoldingsReply reply;
            try {
                reply = send(to, false, false, batch.added(), batch.removed(), page == 0);
            } catch (RuntimeException e) {
                changes.putBack(batch);
                throw e;
            }
            if (reply.notLeader()) {
                changes.putBack(batch);
                return;
            }
            if (reply.resync()) {
                // Nothing was applied; the full report read from the store now covers these changes.
                fullReportNeeded = true;
                sendFullReport(to);
                return;
            }
            if (changes.size() == 0) {
                return;
            }
        }
    }

    /*
     * The pending changes are dropped before the store is read: a change made after that is in the store read, or
     * journalled again and sent after the full report, or both, which is harmless.
     */
    private void sendFullReport(PeerId to) {
        changes.clear();
        try (Stream<Cid> pins = connector.pins()) {
            Iterator<Cid> held = pins.filter(this::holdsPinned).iterator();
            boolean first = true;
            do {
                List<Cid> page = new ArrayList<>(Math.min(pageSize, 1024));
                while (page.size() < pageSize && held.hasNext()) {
                    page.add(held.next());
                }
                boolean last = !held.hasNext();
                HoldingsReply reply = send(to, first, last, page, List.of(), first);
                if (reply.notLeader() || reply.resync()) {
                    return; // the leader changed meanwhile: start over next round
                }
                first = false;
            } while (held.hasNext());
        }
        fullReportNeeded = false;
        LOG.debug("{}: full holdings report sent to {}", self, to);
    }

    private boolean holdsPinned(Cid cid) {
        return pinset.get(cid).map(p -> connector.status(cid).satisfies(p.options().mode())).orElse(false);
    }

    private HoldingsReply send(PeerId to, boolean reset, boolean complete, List<Cid> added, List<Cid> removed,
                               boolean withAwaiting) {
        List<Cid> awaiting = withAwaiting ? nextAwaitingPage() : List.of();
        HoldingsReport report = new HoldingsReport(self, epoch, sequence + 1, reset, complete, added, removed,
                awaiting, surplus.awaitingCount());
        HoldingsReply reply;
        try {
            reply = to.equals(self) ? local.report(report) : rpc.reportHoldings(to, report);
        } catch (RuntimeException e) {
            sequence++; // it may have been applied: never send this number again
            throw e;
        }
        if (!reply.notLeader()) {
            sequence++;
        }
        if (!reply.releasable().isEmpty()) {
            List<Cid> released = tracker.release(reply.releasable());
            LOG.debug("{}: leader {} released {} surplus copies", self, to, released.size());
        }
        if (reply.recheckWaiting()) {
            tracker.recheckWaiting();
        }
        if (!reply.holderAppeared().isEmpty()) {
            tracker.wake(reply.holderAppeared());
        }
        return reply;
    }

    private List<Cid> nextAwaitingPage() {
        List<Cid> page = surplus.awaitingAfter(awaitingCursor, pageSize);
        awaitingCursor = page.size() < pageSize ? null : page.get(page.size() - 1);
        return page;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
