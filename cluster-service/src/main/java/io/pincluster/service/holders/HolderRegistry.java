package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.CidSortedMap;
import io.pincluster.core.state.PinSetView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The leader's view of which peers hold which CIDs pinned, built only from the peers' {@link HoldingsReport}s.
 *
 * <p>Per peer it keeps the reporter's epoch (random per process start), the last sequence number applied and the set
 * of CIDs held. A report is applied only when it starts a full report ({@code reset}) or follows the last one applied
 * from the same epoch; anything else (another epoch: the peer restarted; a gap: a report was lost; a peer never heard
 * of) is answered "resync", and the peer sends a full report. When this peer's leadership term changes the registry
 * starts empty, so a new leader rebuilds the view from the peers themselves.
 *
 * <p>Memory: one sorted CID set per peer ({@link CidSortedMap}: ~14 bytes a copy, where a concurrent hash set took
 * ~40 and a 10M-pin leader held 10M of them per holder); each CID is stored as the pinset's own instance when the pin
 * is known, so the copies held by several peers share one object.
 *
 * <p>New holders are passed on: when a report confirms a copy, each other peer the pin is allocated to that has not
 * confirmed its own is told, in the reply to its next report ({@link HoldingsReply#holderAppeared}), so a pin it
 * waits on for want of a holder is fetched now rather than at its next re-check. What a full report lists is passed
 * on only to peers whose own full report this leader has (it knows they lack the copy); a peer whose full report
 * comes later is told, when it completes, which of its allocated pins it lacks and others hold. So a new leader
 * rebuilding the view from full reports loses no wake-up the old one had pending, whatever order they arrive in. At
 * most {@link #MAX_PENDING_NOTICES} CIDs wait per peer; beyond that the peer is told to re-check everything it waits
 * on.
 */
public final class HolderRegistry implements ConfirmedHolders {
    private final PinSetView pinset;
    private final LongSupplier leadershipTerm;
    private final Predicate<PeerId> live;
    /** The cluster's members, to tell whether every live one has reported in full; null: never complete. */
    private final Supplier<? extends Collection<PeerId>> members;
    private final ReleaseRule rule;
    private final ConcurrentHashMap<PeerId, PeerHoldings> peers = new ConcurrentHashMap<>();
    /** The leadership term the current contents were reported in; NO_TERM when none. */
    private volatile long term = NO_TERM;
    private static final long NO_TERM = Long.MIN_VALUE;
    /**
     * How long queries trust the last leadership reading. Reading it costs a look at the Raft server; the repair
     * planner asks about every copy of every pin it checks, so queries share one reading per interval.
     */
    static final Duration TERM_READ_INTERVAL = Duration.ofMillis(50);
    private final long termReadIntervalNanos;
    private volatile TermReading lastReading;
    /** New holders waiting to be told to one peer at most; more make it re-check all it waits on. */
    static final int MAX_PENDING_NOTICES = 100_000;
    /** CIDs one {@link #findHolders} question may name at most. */
    public static final int MAX_CIDS_PER_QUESTION = 10_000;
    /** New holders told in one reply at most. */
    static final int NOTICES_PER_REPLY = 20_000;

    private record TermReading(long term, long atNanos) {
    }

    /**
     * @param pinset         this peer's replica of the pinset (release rule, shared CID instances)
     * @param live           whether a peer counts as up (failure detection); a peer that is not live neither blocks
     *                       nor counts towards a release
     * @param leadershipTerm the Raft term while this peer leads, a negative number while it does not
     */
    public HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm) {
        this(pinset, live, leadershipTerm, null, TERM_READ_INTERVAL);
    }

    /**
     * As above; {@code members} (the cluster's current members) lets {@link #findHolders} say when its view is
     * complete.
     */
    public HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm,
                          Supplier<? extends Collection<PeerId>> members) {
        this(pinset, live, leadershipTerm, members, TERM_READ_INTERVAL);
    }

    /**
     * As above; {@code archived} (whether the cold tier's index holds an archive of a pin) lets the former holders of
     * a pin whose hot copies were dropped (decision 0024) release their copies.
     */
    public HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm,
                          Supplier<? extends Collection<PeerId>> members, Predicate<Cid> archived) {
        this(pinset, live, leadershipTerm, members, TERM_READ_INTERVAL, archived);
    }

    /** As the first; queries read the leadership at most once per {@code termReadInterval}. */
    HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm, Duration termReadInterval) {
        this(pinset, live, leadershipTerm, null, termReadInterval);
    }

    /** As above, with the members. */
    HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm,
                   Supplier<? extends Collection<PeerId>> members, Duration termReadInterval) {
        this(pinset, live, leadershipTerm, members, termReadInterval, cid -> false);
    }

    HolderRegistry(PinSetView pinset, Predicate<PeerId> live, LongSupplier leadershipTerm,
                   Supplier<? extends Collection<PeerId>> members, Duration termReadInterval,
                   Predicate<Cid> archived) {
        this.live = live;
        this.members = members;
        this.pinset = pinset;
        this.leadershipTerm = leadershipTerm;
        this.rule = new ReleaseRule(pinset, live, this, archived);
        this.termReadIntervalNanos = termReadInterval.toNanos();
        this.lastReading = new TermReading(-1, System.nanoTime() - termReadIntervalNanos);
    }

    /**
     * Applies a peer's report (when this peer leads) and answers which of the copies it lists as awaiting release
     * it may now release.
     */
    public HoldingsReply report(HoldingsReport report) {
        long now = leadershipTerm.getAsLong();
        lastReading = new TermReading(now, System.nanoTime());
        if (now < 0) {
            return HoldingsReply.notLeaderReply();
        }
        startTerm(now);
        PeerHoldings holdings = peers.computeIfAbsent(report.peer(), p -> new PeerHoldings());
        // Every page of a full report until its last lists old copies as well as new ones.
        boolean partOfFullReport = report.reset() || !holdings.full;
        boolean applied = holdings.apply(report, this::shared);
        if (applied) {
            passOnNewHolders(report, partOfFullReport);
            if (partOfFullReport && report.complete()) {
                noticeCopiesHeldElsewhere(report.peer(), holdings);
            }
        }
        List<Cid> releasable = report.awaitingRelease().stream()
                .filter(cid -> rule.releasable(report.peer(), cid)).toList();
        PeerHoldings.Notices notices = holdings.takeNotices(NOTICES_PER_REPLY);
        return new HoldingsReply(false, !applied, releasable, notices.cids(), notices.recheckAll());
    }

    /*
     * For each copy the report confirms, the pin's other allocated peers (every known peer for a pin without
     * allocations, which every peer holds) that have not confirmed theirs. A full report lists every copy the peer
     * has, old ones too: passed on only to peers whose own full report says they lack it, so a new leader's
     * rebuild does not tell every peer about every pin.
     */
    private void passOnNewHolders(HoldingsReport report, boolean partOfFullReport) {
        PeerId reporter = report.peer();
        for (Cid cid : report.added()) {
            Pin pin = pinset.get(cid).orElse(null);
            if (pin == null) {
                continue;
            }
            Iterable<PeerId> targets = pin.allocations().isEmpty() ? List.copyOf(peers.keySet()) : pin.allocations();
            for (PeerId target : targets) {
                if (target.equals(reporter)) {
                    continue;
                }
                PeerHoldings h = partOfFullReport ? peers.get(target) : peers.computeIfAbsent(target,
                        p -> new PeerHoldings());
                if (h != null && (!partOfFullReport || h.full) && !h.cids.containsKey(cid)) {
                    h.notice(pin.cid());
                }
            }
        }
    }

    /*
     * The other half of a rebuild: a peer whose full report arrives after its holders' learns here which of the
     * pins allocated to it other peers hold (notices pending at the previous leader died with its term). One pass
     * over the reporter's allocations per full report, which is sent once per leader change or restart.
     */
    private void noticeCopiesHeldElsewhere(PeerId reporter, PeerHoldings reporterHoldings) {
        List<PeerHoldings> others = new ArrayList<>();
        peers.forEach((peer, h) -> {
            if (!peer.equals(reporter) && h.full) {
                others.add(h);
            }
        });
        if (others.isEmpty()) {
            return;
        }
        try (Stream<Cid> allocated = pinset.allocationsOf(reporter)) {
            allocated.filter(cid -> !reporterHoldings.cids.containsKey(cid))
                    .filter(cid -> others.stream().anyMatch(h -> h.cids.containsKey(cid)))
                    .forEach(cid -> reporterHoldings.notice(shared(cid)));
        }
    }

    /**
     * Which peers hold each of {@code cids} pinned, as their reports to this leader say (decision 0022). The answer
     * is {@code complete} only while every live member has sent a complete report in this leadership term: then a
     * CID with no holder is held pinned by no live peer. Right after a leader change the view is being rebuilt and
     * such a CID is unknown, not absent (the asker waits a little or asks the peers themselves). Copies in a store
     * without a pin are not in this view at all.
     *
     * @throws ClusterException {@code BAD_REQUEST} for more than {@link #MAX_CIDS_PER_QUESTION} CIDs
     */
    public HoldersReply findHolders(List<Cid> cids) {
        if (cids.size() > MAX_CIDS_PER_QUESTION) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "at most " + MAX_CIDS_PER_QUESTION
                    + " CIDs per question, not " + cids.size());
        }
        long now = queryTerm();
        if (now < 0) {
            return HoldersReply.notLeaderReply();
        }
        if (now != term) { // leading, but no report of this term has arrived yet: nothing is known
            return new HoldersReply(true, false, false, java.util.Collections.nCopies(cids.size(), List.of()));
        }
        // Live holders first: the asker tries them in this order and waits out each one's deadline, so a frozen or
        // dead holder named first stalled every fetch of its pins (FrozenPeerRepairIT: the repaired pins' new
        // holder kept asking the frozen peer). One that is not live stays last, in case it is only slow.
        List<Map.Entry<PeerId, PeerHoldings>> reported = new ArrayList<>(peers.entrySet());
        reported.sort(Comparator.comparing((Map.Entry<PeerId, PeerHoldings> e) -> !live.test(e.getKey())));
        List<List<PeerId>> holders = new ArrayList<>(cids.size());
        for (Cid cid : cids) {
            List<PeerId> held = List.of();
            for (Map.Entry<PeerId, PeerHoldings> e : reported) {
                if (e.getValue().cids.containsKey(cid)) {
                    if (held.isEmpty()) {
                        held = new ArrayList<>(2);
                    }
                    held.add(e.getKey());
                }
            }
            holders.add(held);
        }
        return new HoldersReply(true, false, viewComplete(), holders);
    }

    /* Every live member has sent this leader a complete report in this term (a peer that is down holds nothing). */
    private boolean viewComplete() {
        if (members == null) {
            return false;
        }
        for (PeerId member : members.get()) {
            if (live.test(member)) {
                PeerHoldings h = peers.get(member);
                if (h == null || !h.full) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean holds(PeerId peer, Cid cid) {
        PeerHoldings h = current(peer);
        return h != null && h.cids.containsKey(cid);
    }

    @Override
    public boolean hasFullReport(PeerId peer) {
        PeerHoldings h = current(peer);
        return h != null && h.full;
    }

    @Override
    public int awaitingRelease(PeerId peer) {
        PeerHoldings h = current(peer);
        return h == null ? 0 : h.awaitingRelease;
    }

    /** How many CIDs {@code peer} is known to hold (for logs and tests). */
    public int heldCount(PeerId peer) {
        PeerHoldings h = current(peer);
        return h == null ? 0 : h.cids.size();
    }

    /** The instance stored for {@code cid} in {@code peer}'s set (tests check CIDs are shared); null when absent. */
    Cid storedInstance(PeerId peer, Cid cid) {
        PeerHoldings h = current(peer);
        return h == null ? null : h.cids.storedKey(cid);
    }

    /*
     * What was reported in an earlier leadership term says nothing now: other leaders got the reports meanwhile.
     * Queries read the leadership at most every 50 ms (a query within that time of a change may see the previous
     * term's view); reports always read it afresh.
     */
    private PeerHoldings current(PeerId peer) {
        long now = queryTerm();
        return now >= 0 && now == term ? peers.get(peer) : null;
    }

    private long queryTerm() {
        TermReading reading = lastReading;
        long nanos = System.nanoTime();
        if (nanos - reading.atNanos() >= termReadIntervalNanos) {
            reading = new TermReading(leadershipTerm.getAsLong(), nanos);
            lastReading = reading;
        }
        return reading.term();
    }

    private synchronized void startTerm(long now) {
        if (term != now) {
            peers.clear();
            term = now;
        }
    }

    private Cid shared(Cid cid) {
        return pinset.get(cid).map(Pin::cid).orElse(cid);
    }

    /** One peer's reported holdings; changed under its own lock, read without. */
    private static final class PeerHoldings {
        /** Replaced, not cleared, by a full report: readers of the old set see it whole until they look again. */
        volatile CidSortedMap<Void> cids = CidSortedMap.keysOnly();
        boolean known;
        long epoch;
        long lastSequence;
        volatile boolean full;
        volatile int awaitingRelease;
        /** New holders of CIDs this peer lacks, to tell it in the reply to its next report; guarded by notices. */
        private final LinkedHashSet<Cid> notices = new LinkedHashSet<>();
        private boolean noticesOverflowed;

        record Notices(List<Cid> cids, boolean recheckAll) {
        }

        void notice(Cid cid) {
            synchronized (notices) {
                if (noticesOverflowed) {
                    return;
                }
                if (notices.size() >= MAX_PENDING_NOTICES) {
                    notices.clear(); // a re-check of everything covers them
                    noticesOverflowed = true;
                    return;
                }
                notices.add(cid);
            }
        }

        Notices takeNotices(int max) {
            synchronized (notices) {
                boolean recheckAll = noticesOverflowed;
                noticesOverflowed = false;
                List<Cid> taken = new ArrayList<>(Math.min(max, notices.size()));
                Iterator<Cid> it = notices.iterator();
                while (it.hasNext() && taken.size() < max) {
                    taken.add(it.next());
                    it.remove();
                }
                return new Notices(taken, recheckAll);
            }
        }

        synchronized boolean apply(HoldingsReport r, java.util.function.UnaryOperator<Cid> shared) {
            awaitingRelease = r.awaitingReleaseTotal();
            if (r.reset()) {
                known = true;
                epoch = r.epoch();
                full = false;
                cids = CidSortedMap.keysOnly();
            } else if (!known || epoch != r.epoch() || r.sequence() != lastSequence + 1) {
                return false;
            }
            lastSequence = r.sequence();
            CidSortedMap<Void> held = cids;
            r.added().forEach(cid -> held.addKey(shared.apply(cid)));
            r.removed().forEach(held::removeKey);
            if (r.complete()) {
                full = true;
            }
            return true;
        }
    }
}
