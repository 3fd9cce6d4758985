package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.component.RepairApi;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.health.PeerHealth;
import io.pincluster.service.health.PeerState;
import io.pincluster.service.holders.ConfirmedHolders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's repair. Each {@link #pass()} (every second) finds the pins allocated to <em>leaving</em> peers —
 * members down for at least the repair grace, and peers no longer members at all (removed: no grace) — through
 * the pinset's per-peer index, never a full scan; orders them by urgency (fewest live copies first, a live copy
 * being a confirmed {@code pinned} copy on a peer that is up); and submits {@link ReplicatedPinset#reallocateAsync
 * re-allocations} without the leaving peers, at most {@code maxPinsPerSecond} per second on average ({@link
 * RepairThrottle}: a pass that comes late makes up for the time it missed, so a slow pass does not slow the repair, and
 * a repair that starts after a quiet time submits two seconds' worth at once). The leader decides each
 * against the pin as it stands then, so a user's change is never undone.
 *
 * <p>A pin whose every holder is down is {@code lost}: it is counted and logged, not re-allocated, since no peer
 * could copy it; it heals when a holder comes back. A suspect holder's copy is no live copy for urgency, but keeps
 * its pin from being lost: it can still be copied. The planner keeps no state that matters across leaders: a
 * new leader finds the same leaving peers (every peer runs failure detection with the same clock origin, the last
 * ping) and resumes. Not thread-safe: one scheduler thread calls {@link #pass()}.
 *
 * <p>When nothing needs repair, a pass evens out the members' pin counts ({@link Rebalancer}) and, if that moved
 * nothing, tops pins up to their replication max ({@link TopUpSweep}). Both submit through this planner, so every
 * move shares its throttle, its in-flight set, its retry wait and its counters and move log.
 */
public final class RepairPlanner implements RepairApi {
    private static final Logger LOG = LoggerFactory.getLogger(RepairPlanner.class);
    /** How long a pin that could not be placed (not enough peers) waits before it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final int LOST_SAMPLE = 100;
    private static final int LOST_LOGGED = 10;

    /**
     * @param enabled          false: detect and report only
     * @param grace            how long a member stays down before its pins move
     * @param maxPinsPerSecond re-allocations submitted per second at most
     * @param topUp            re-allocations add copies up to replication max when the cluster can take them
     * @param rebalanceThreshold how far (a fraction of the mean) a live member's pin count may drift before pins move
     *                         off the fullest member; 0 = never
     * @param rebalanceSettle  how long the drift must last, pass after pass, before the first pins move
     */
    public record Settings(boolean enabled, Duration grace, int maxPinsPerSecond, boolean topUp,
                           double rebalanceThreshold, Duration rebalanceSettle) {
        public Settings {
            if (grace.isNegative() || maxPinsPerSecond < 1 || rebalanceThreshold < 0 || rebalanceSettle.isNegative()) {
                throw new IllegalArgumentException("repair needs a grace >= 0, a positive rate, a threshold >= 0 and"
                        + " a rebalance settle time >= 0");
            }
        }
    }

    /**
     * The planner's optional parts, so one constructor serves the daemon and tests that need only some of them.
     *
     * @param diskPressure        moves pins off peers whose store fills up; null for none
     * @param archived            whether a pin has an archive in the cold tier (decision 0019): such a pin with no live
     *                            copy is {@code cold}, not lost, and is re-allocated; its new holders restore it from
     *                            the archive
     * @param archiveCountsAsCopy an archive counts as one copy toward {@code replication_factor_min} next to at least
     *                            one live hot copy (decision 0024): such a pin at its minimum is not re-allocated off
     *                            a peer that is down, nor counted under-replicated
     */
    public record Options(DiskPressure diskPressure, Predicate<Cid> archived, boolean archiveCountsAsCopy) {
        public Options {
            Objects.requireNonNull(archived, "archived (use cid -> false for no cold tier)");
        }

        /** No disk pressure shedding and no cold tier. */
        public static Options none() {
            return new Options(null, cid -> false, false);
        }
    }

    /** A move queued in this pass, handed to the log at its end. */
    private record Move(Pin pin, Set<PeerId> leaving, boolean topUp, MoveKind kind, String reason) {
    }

    /** A pin that needs a new placement, and how urgently. */
    record Candidate(Pin pin, int live, Set<PeerId> leaving, boolean pastGrace) {
    }

    private final PeerId self;
    private final ClusterMembership membership;
    private final ReplicatedPinset pinset;
    private final PeerHealth health;
    private final ConfirmedHolders holders;
    private final Settings settings;
    private final Clock clock;
    private final MoveLog moves;
    private final Set<Cid> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Move> outgoing = new ArrayList<>(); // this pass's moves: handed over at its end, at once
    private final Map<Cid, Instant> retryAt = new ConcurrentHashMap<>();
    private final Set<Cid> reportedLost = new HashSet<>();
    private final Map<MoveKind, AtomicLong> committed = new EnumMap<>(MoveKind.class);
    private final LentMoves lent = new LentMoves();
    private final Rebalancer rebalancer;
    private final TopUpSweep topUp;
    private volatile RepairSummary last;
    private final RepairThrottle throttle;
    private final DiskPressure diskPressure; // null: no shedding
    private final Predicate<Cid> archived;
    private final boolean archiveCountsAsCopy; // cold.archive_counts_as_copy (decision 0024)

    /**
     * @param zoneOf  the zone a peer last published ("" when unknown): rebalancing never narrows the zones a pin spans
     * @param options the optional parts: {@link Options#none()} for none
     */
    public RepairPlanner(PeerId self, ClusterMembership membership, ReplicatedPinset pinset, PeerHealth health,
                         ConfirmedHolders holders, Settings settings, Clock clock, MoveLog moves,
                         Function<PeerId, String> zoneOf, Options options) {
        this.archiveCountsAsCopy = options.archiveCountsAsCopy();
        this.archived = options.archived();
        this.diskPressure = options.diskPressure();
        this.self = self;
        this.membership = membership;
        this.pinset = pinset;
        this.health = health;
        this.holders = holders;
        this.settings = settings;
        this.clock = clock;
        this.moves = moves;
        for (MoveKind kind : MoveKind.values()) {
            committed.put(kind, new AtomicLong());
        }
        this.rebalancer = new Rebalancer(settings.rebalanceThreshold(), settings.rebalanceSettle(),
                settings.maxPinsPerSecond(), zoneOf, lent);
        this.topUp = new TopUpSweep(archived, clock, lent);
        this.throttle = new RepairThrottle(settings.maxPinsPerSecond());
        this.last = idle(clock.instant());
    }

    /** One pass: judge the peers, find what needs repair, submit this second's share. Returns the report. */
    public RepairSummary pass() {
        health.check();
        Instant now = clock.instant();
        if (!membership.leader().map(self::equals).orElse(false)) {
            throttle.reset();
            inFlight.clear();
            retryAt.clear();
            topUp.reset();
            reportedLost.clear();
            rebalancer.reset();
            if (diskPressure != null) {
                diskPressure.reset();
            }
            last = idle(now);
            return last;
        }
        try {
            return leaderPass(now);
        } finally {
            handOver(); // what a pass that failed half-way queued too: those pins count as in flight already
        }
    }

    private RepairSummary leaderPass(Instant now) {
        PinSetView state = pinset.state();
        Map<PeerId, PeerRecord> directory = new HashMap<>();
        membership.directory().forEach(r -> directory.put(r.id(), r));
        Map<PeerId, Boolean> leavingPeers = leavingPeers(state, directory, now); // peer -> past its grace
        if (settings.enabled()) {
            removeDrained(state, directory);
        }
        List<Candidate> candidates = candidates(state, leavingPeers);
        retryAt.values().removeIf(t -> !t.isAfter(now));
        topUp.expire(now);

        long under = 0;
        long waiting = 0;
        List<Cid> lost = new ArrayList<>();
        long cold = 0;
        List<Candidate> queue = new ArrayList<>();
        boolean viewComplete = everyUpMemberReported();
        Set<PeerId> members = Set.copyOf(membership.peers()); // once a pass, not once a candidate
        for (Candidate c : candidates) {
            boolean archiveCounts = countsArchive(c, members);
            boolean below = c.live() + (archiveCounts ? 1 : 0) < c.pin().options().replicationMin();
            if (archiveCounts && !below) {
                continue; // at its minimum with the archive: its copy on the down peer may come back, or stay cold
            }
            under += below ? 1 : 0;
            if (c.live() == 0 && viewComplete && !heldByAnyPeerNotDown(c.pin().cid())) {
                if (!archived.test(c.pin().cid())) {
                    lost.add(c.pin().cid());
                    continue;
                }
                cold++; // only the archive holds it: re-allocated as any other, restored from the archive
            }
            if (!c.pastGrace()) {
                waiting += below ? 1 : 0;
                continue;
            }
            if (!inFlight.contains(c.pin().cid()) && !retryAt.containsKey(c.pin().cid())) {
                queue.add(c);
            }
        }
        reportLost(lost);
        queue = mostUrgentFirst(queue);
        int budget = settings.enabled() ? throttle.budget(now, inFlight.size()) : 0;
        int submitted = 0;
        // Thousands of candidates share a handful of leaving sets (the peers down or draining): their kind and
        // reason are worked out once per set and pass, not per pin (both read the membership and every peer's state).
        Map<Set<PeerId>, MoveKind> kinds = new HashMap<>();
        Map<Set<PeerId>, String> reasons = new HashMap<>();
        for (Candidate c : queue) {
            if (submitted >= budget) {
                break;
            }
            submit(c.pin(), c.leaving(), settings.topUp(), kinds.computeIfAbsent(c.leaving(), this::kind),
                    reasons.computeIfAbsent(c.leaving(), this::reason));
            submitted++;
        }
        long remaining = queue.size() - submitted;
        if (settings.enabled() && diskPressure != null) {
            submitted += diskPressure.pass(state, upAndUndrained(directory), budget - submitted, lent, now);
        }
        throttle.spent(submitted);
        long moving = membership.peers().stream().mapToLong(holders::awaitingRelease).sum();
        boolean repairWork = !queue.isEmpty() || under > 0;
        if (repairWork) {
            // The counts a drift was seen in before this repair are not the counts after it: the settle time is
            // counted anew from the first quiet pass that still sees a drift.
            rebalancer.reset();
        }
        if (settings.enabled() && !repairWork
                && rebalancer.pass(state, membership.peers(), heardUpAndUndrained(directory), moving, now) == 0
                && settings.topUp()) {
            topUp.pass(state, Set.copyOf(heardUpAndUndrained(directory)));
        }
        Duration eta = Duration.ofMillis((queue.size() + inFlight.size()) * 1000L / settings.maxPinsPerSecond());
        last = new RepairSummary(now, true, settings.enabled(), peerConditions(), under, waiting, lost.size(), moving,
                remaining, inFlight.size(), committed.get(MoveKind.REPAIR).get(), committedByKind(), eta,
                lost.subList(0, Math.min(LOST_SAMPLE, lost.size())), cold);
        return last;
    }

    /**
     * Whether {@code c}'s archive counts as one of its copies (decision 0024): when configured, next to at least one
     * live hot copy (a pin keeps one hot copy: with none it is {@code cold} and restored), and only while the peers it
     * would leave are members that are down. A drained or removed peer's pins move as before: nothing comes back.
     */
    private boolean countsArchive(Candidate c, Set<PeerId> members) {
        if (!archiveCountsAsCopy || c.live() == 0 || !archived.test(c.pin().cid())) {
            return false;
        }
        return c.leaving().stream().allMatch(peer -> members.contains(peer) && health.downSince(peer).isPresent());
    }

    private RepairSummary idle(Instant now) {
        return new RepairSummary(now, false, settings.enabled(), peerConditions(), 0, 0, 0, 0, 0, 0,
                committed.get(MoveKind.REPAIR).get(), committedByKind(), Duration.ZERO, List.of());
    }

    private Map<MoveKind, Long> committedByKind() {
        Map<MoveKind, Long> out = new EnumMap<>(MoveKind.class);
        committed.forEach((kind, n) -> out.put(kind, n.get()));
        return out;
    }

    private Map<PeerId, RepairSummary.PeerCondition> peerConditions() {
        Map<PeerId, PeerRecord> directory = new HashMap<>();
        membership.directory().forEach(r -> directory.put(r.id(), r));
        Map<PeerId, RepairSummary.PeerCondition> out = new HashMap<>();
        health.statuses().forEach((peer, s) -> {
            PeerRecord r = directory.get(peer);
            out.put(peer, new RepairSummary.PeerCondition(s.state().wireName(), s.since(),
                    r == null ? "none" : r.drain().name().toLowerCase(Locale.ROOT),
                    r == null ? null : r.maintenanceUntil(), diskPressure != null && diskPressure.isShedding(peer)));
        });
        return out;
    }

    @Override
    public RepairSummary repairSummary() {
        return last;
    }

    @Override
    public List<AllocationChange> allocationChanges(Cid cid, int limit) {
        return moves.latest(cid, limit);
    }


    /**
     * Peers whose pins move now (true) or after their grace (false): members down for at least the grace (false
     * while within it), unless in maintenance; members being drained (at once: their copies stay until the new
     * holders confirm theirs); and non-members that still hold allocations (removed: nothing to wait for).
     */
    private Map<PeerId, Boolean> leavingPeers(PinSetView state, Map<PeerId, PeerRecord> directory, Instant now) {
        Map<PeerId, Boolean> out = new LinkedHashMap<>();
        // A maintenance deadline is judged at the log's time too: a new leader whose clock is behind does not
        // extend a maintenance the previous leader already saw end.
        Instant logTime = pinset.latestDecisionTime();
        Instant decisionNow = logTime.isAfter(now) ? logTime : now;
        for (PeerId peer : health.downPeers()) {
            PeerRecord record = directory.get(peer);
            if (record != null && record.inMaintenanceAt(decisionNow)) {
                continue;
            }
            Instant since = health.downSince(peer).orElse(now);
            out.put(peer, !since.plus(settings.grace()).isAfter(now));
        }
        Set<PeerId> members = Set.copyOf(membership.peers());
        for (PeerRecord record : directory.values()) {
            if (record.drain() != PeerRecord.Drain.NONE && members.contains(record.id())) {
                out.put(record.id(), true);
            }
        }
        for (PeerId peer : state.allocatedPeers()) {
            if (!members.contains(peer)) {
                out.put(peer, true); // removed from the cluster: nothing to wait for
            }
        }
        return out;
    }

    /**
     * A member drained for removal leaves the cluster once nothing is allocated to it and it holds no copy waiting
     * for release (so every copy it had is confirmed elsewhere).
     */
    private void removeDrained(PinSetView state, Map<PeerId, PeerRecord> directory) {
        for (PeerRecord record : directory.values()) {
            PeerId peer = record.id();
            if (record.drain() != PeerRecord.Drain.DRAIN_AND_REMOVE || !membership.peers().contains(peer)
                    || peer.equals(self) || state.allocationCount(peer) > 0 || !holders.hasFullReport(peer)
                    || holders.awaitingRelease(peer) > 0) {
                continue;
            }
            try {
                membership.removePeer(peer);
                LOG.info("repair: {} is drained (nothing allocated, no copy awaiting release) and was removed", peer);
            } catch (ClusterException e) {
                LOG.warn("repair: removing drained peer {} failed: {}", peer, e.getMessage());
            }
        }
    }

    /**
     * {@code queue} by live copies, fewest first, each group in the order it had (the candidates': CID order of the
     * peer index). Every pass orders every candidate again (40,000 after one peer of five with 100,000 pins died):
     * comparing CIDs byte by byte to break ties was a third of the leader's planner time, so ties keep the found
     * order instead ({@code List.sort} is stable).
     */
    static List<Candidate> mostUrgentFirst(List<Candidate> queue) {
        List<Candidate> out = new ArrayList<>(queue);
        out.sort(Comparator.comparingInt(Candidate::live));
        return out;
    }

    /** The pins allocated to a leaving peer, once each, in the peers' index order (CID order within a peer). */
    private List<Candidate> candidates(PinSetView state, Map<PeerId, Boolean> leavingPeers) {
        Map<Cid, Candidate> byCid = new LinkedHashMap<>();
        for (PeerId peer : leavingPeers.keySet()) {
            try (Stream<Cid> cids = state.allocationsOf(peer)) {
                cids.forEach(cid -> byCid.computeIfAbsent(cid, k -> state.get(k)
                        .map(pin -> candidate(pin, leavingPeers)).orElse(null)));
            }
        }
        byCid.values().removeIf(Objects::isNull);
        return new ArrayList<>(byCid.values());
    }

    private Candidate candidate(Pin pin, Map<PeerId, Boolean> leavingPeers) {
        int live = 0;
        Set<PeerId> leaving = new HashSet<>();
        boolean pastGrace = false;
        for (PeerId peer : pin.allocations()) {
            Boolean past = leavingPeers.get(peer);
            if (past != null) {
                leaving.add(peer);
                pastGrace |= past;
            } else if (health.isUp(peer) && holders.holds(peer, pin.cid())) {
                live++;
            }
        }
        // Only the peers past their grace leave now; a peer still within it keeps its allocation.
        if (pastGrace) {
            leaving.removeIf(peer -> !leavingPeers.get(peer));
        }
        return new Candidate(pin, live, leaving, pastGrace);
    }

    private boolean everyUpMemberReported() {
        return membership.peers().stream().filter(health::isUp).allMatch(holders::hasFullReport);
    }

    /**
     * Whether a member that is not down holds a confirmed copy of {@code cid}. A suspect holder counts: it missed a
     * ping or two (a peer busy copying can), its copy is there to be fetched, and calling its pins lost left them
     * unrepaired until it answered again (6,000 of a 40,000-pin repair waited ~5 s for a suspect peer, session 17).
     */
    private boolean heldByAnyPeerNotDown(Cid cid) {
        for (PeerId peer : membership.peers()) {
            if (health.state(peer) != PeerState.DOWN && holders.holds(peer, cid)) {
                return true;
            }
        }
        return false;
    }

    /** Logs the pins lost since the last pass in one line: a dead zone can lose thousands at once. */
    private void reportLost(List<Cid> lost) {
        reportedLost.retainAll(lost);
        List<Cid> fresh = new ArrayList<>();
        for (Cid cid : lost) {
            if (reportedLost.add(cid)) {
                fresh.add(cid);
            }
        }
        if (!fresh.isEmpty()) {
            LOG.error("{} pin(s) lost: every peer holding a copy is down; they are not re-allocated and heal when a "
                    + "holder comes back (GET /health/repair lists them): {}{}", fresh.size(),
                    fresh.subList(0, Math.min(LOST_LOGGED, fresh.size())), fresh.size() > LOST_LOGGED ? " ..." : "");
        }
    }

    /**
     * Queues a move for {@link #handOver}; the pin counts as in flight from now on, so nothing in this pass submits it
     * twice.
     */
    private void submit(Pin pin, Set<PeerId> leaving, boolean topUp, MoveKind kind, String reason) {
        inFlight.add(pin.cid());
        outgoing.add(new Move(pin, leaving, topUp, kind, reason));
    }

    /**
     * Hands this pass's moves to the log at once ({@link ReplicatedPinset#reallocateAllAsync}): submitted one by one,
     * the first of a repair's 40,000 each woke a sender that took the few queued so far, and the entries in flight then
     * carried a handful each while the rest waited for their round trips (session 32).
     */
    private void handOver() {
        if (outgoing.isEmpty()) {
            return;
        }
        List<Move> moving = List.copyOf(outgoing);
        outgoing.clear();
        List<CompletableFuture<Pin>> answers = pinset.reallocateAllAsync(moving.stream()
                .map(m -> new ReplicatedPinset.Reallocation(m.pin().cid(), m.leaving(), m.topUp())).toList());
        for (int i = 0; i < moving.size(); i++) {
            Move m = moving.get(i);
            answers.get(i).whenComplete((after, error) -> settled(m, after, error));
        }
    }

    private void settled(Move m, Pin after, Throwable error) {
        Cid cid = m.pin().cid();
        inFlight.remove(cid);
        if (error == null) {
            committed.get(m.kind()).incrementAndGet();
            moves.record(new AllocationChange(clock.instant(), cid, m.pin().allocations(), after.allocations(),
                    m.kind(), m.reason()));
            LOG.debug("repair: {} moved from {} to {} ({})", cid, m.pin().allocations(), after.allocations(),
                    m.reason());
            return;
        }
        Throwable cause = Futures.unwrap(error);
        ErrorCode code = cause instanceof ClusterException ce ? ce.code() : ErrorCode.INTERNAL;
        if (code == ErrorCode.NOT_FOUND || code == ErrorCode.CONFLICT) {
            return; // unpinned or already placed meanwhile
        }
        LOG.warn("repair: {} could not be re-allocated ({}): {}; retrying in {}", cid, m.reason(), cause.getMessage(),
                RETRY_AFTER);
        retryAt.put(cid, clock.instant().plus(RETRY_AFTER));
    }

    /** Live members that are not draining, in the membership's order: the peers whose disk pressure is relieved. */
    private List<PeerId> upAndUndrained(Map<PeerId, PeerRecord> directory) {
        return membership.peers().stream().filter(health::isUp).filter(p -> undrained(directory, p)).toList();
    }

    /**
     * Members up, heard from and not draining, in the membership's order: the peers whose pin counts rebalancing
     * evens out and that the top-up sweep may give more copies. A member that joined but has not pinged yet is left
     * out: the allocator cannot place anything on it, so its empty count must not start the settle clock.
     */
    private List<PeerId> heardUpAndUndrained(Map<PeerId, PeerRecord> directory) {
        return membership.peers().stream().filter(health::isUpAndHeard).filter(p -> undrained(directory, p))
                .toList();
    }

    private static boolean undrained(Map<PeerId, PeerRecord> directory, PeerId peer) {
        PeerRecord r = directory.get(peer);
        return r == null || r.drain() == PeerRecord.Drain.NONE;
    }

    /**
     * What the planner lends its rebalancing, top-up and disk-pressure parts: the state of its moves and of the
     * copies, and the one submission path (each part's own {@code submit} fixes the move's kind and top-up flag).
     */
    private final class LentMoves implements Rebalancer.Moves, TopUpSweep.Moves, DiskPressure.Moves {
        @Override
        public boolean anyInFlight() {
            return !inFlight.isEmpty();
        }

        @Override
        public boolean busy(Cid cid) {
            return inFlight.contains(cid) || retryAt.containsKey(cid);
        }

        @Override
        public boolean holds(PeerId peer, Cid cid) {
            return holders.holds(peer, cid);
        }

        @Override
        public boolean isUp(PeerId peer) {
            return health.isUp(peer);
        }

        @Override
        public int awaitingRelease(PeerId peer) {
            return holders.awaitingRelease(peer);
        }

        @Override
        public void submit(Pin pin, Set<PeerId> leaving, String reason) {
            RepairPlanner.this.submit(pin, leaving, false, MoveKind.REBALANCE, reason);
        }

        @Override
        public void submit(Pin pin, String reason) {
            RepairPlanner.this.submit(pin, Set.of(), true, MoveKind.TOP_UP, reason);
        }

        @Override
        public void submit(Pin pin, PeerId from, String reason) {
            RepairPlanner.this.submit(pin, Set.of(from), false, MoveKind.DISK_PRESSURE, reason);
        }
    }

    /** A repair when a copy is on a peer that is down or gone; a drain when every leaving peer is a live member. */
    private MoveKind kind(Set<PeerId> leaving) {
        Set<PeerId> members = Set.copyOf(membership.peers());
        boolean onlyLiveMembers = !leaving.isEmpty() && leaving.stream()
                .allMatch(peer -> members.contains(peer) && health.downSince(peer).isEmpty());
        return onlyLiveMembers ? MoveKind.DRAIN : MoveKind.REPAIR;
    }

    private String reason(Set<PeerId> leaving) {
        List<String> parts = new ArrayList<>();
        Set<PeerId> members = Set.copyOf(membership.peers());
        for (PeerId peer : leaving) {
            parts.add(health.downSince(peer).map(t -> "peer " + peer + " down since " + t)
                    .orElse(members.contains(peer) ? "peer " + peer + " draining" : "peer " + peer + " removed"));
        }
        parts.sort(null);
        return String.join(", ", parts);
    }
}
