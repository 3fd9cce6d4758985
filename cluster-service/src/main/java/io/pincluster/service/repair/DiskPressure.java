package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.monitor.DiskUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's answer to a peer whose store fills up. A peer at or above the shed mark starts an episode: pins move
 * off it, through the same make-before-break reallocation as repair (the peer named leaving for those pins only),
 * until it is below the high-water mark again, which ends the episode. Between the marks nothing moves unless an
 * episode is under way, so a peer hovering at the high-water mark does not flap.
 *
 * <p>Each round plans the fewest moves that free the excess over the high-water mark: biggest pins first (sizes the
 * leader knows; a pin of unknown size counts as the peer's average). A new round starts only once the previous
 * one settled: its moves committed, the peer holds no copy awaiting release, and its reported usage dropped (the
 * peer collects garbage after releasing) or {@link #ROUND_PATIENCE} passed, so copies still being made are never
 * counted twice. Only settled pins move (held by the peer, every allocation up); a pin no other peer can take stays
 * (the reallocation fails and is retried later), so a pin is never taken below its minimum. Not thread-safe: the
 * planner's pass thread calls it.
 */
public final class DiskPressure {
    private static final Logger LOG = LoggerFactory.getLogger(DiskPressure.class);
    /** Alerts raised when a peer starts shedding carry this metric name. */
    static final String ALERT_NAME = "disk_pressure";
    /** The reason recorded in the move log starts with this. */
    static final String REASON = "disk_pressure";
    /** How long a settled round waits for the peer's usage to drop before the next round plans from it as it is. */
    static final Duration ROUND_PATIENCE = Duration.ofMinutes(1);
    /** Moves started per pass at most, whatever the repair budget: gradual, as rebalancing. */
    static final int MOVES_PER_PASS = 50;

    /** What the planner lends: the state of a peer's copies and the submission of a move. */
    interface Moves {
        boolean busy(Cid cid);

        boolean holds(PeerId peer, Cid cid);

        boolean isUp(PeerId peer);

        int awaitingRelease(PeerId peer);

        void submit(Pin pin, PeerId from, String reason);
    }

    private record Round(Collection<Cid> cids, long usedAtStart, long planned, Instant settledSince) {
        Round settled(Instant at) {
            return new Round(cids, usedAtStart, planned, at);
        }
    }

    private final double highWater;
    private final double shedWater;
    private final Function<PeerId, Optional<DiskUsage>> usageOf;
    private final ToLongFunction<Cid> sizeOf;
    private final Consumer<Alert> alerts;
    private final Map<PeerId, Round> episodes = new HashMap<>(); // peers shedding; a null round: none planned yet
    private final AtomicLong moves = new AtomicLong();
    private volatile Set<PeerId> shedding = Set.of(); // the episodes' peers at the last pass, for readers

    /**
     * @param usageOf a peer's latest valid usage
     * @param sizeOf  a pin's size in bytes as the leader knows it, or a negative number when unknown
     */
    public DiskPressure(double highWater, double shedWater, Function<PeerId, Optional<DiskUsage>> usageOf,
                 ToLongFunction<Cid> sizeOf, Consumer<Alert> alerts) {
        this.highWater = highWater;
        this.shedWater = shedWater;
        this.usageOf = usageOf;
        this.sizeOf = sizeOf;
        this.alerts = alerts;
    }

    /** Moves submitted so far because of disk pressure. */
    public long moves() {
        return moves.get();
    }

    /** Peers shedding at the last pass. */
    public int peersShedding() {
        return shedding.size();
    }

    /** Whether {@code peer} was shedding at the last pass. */
    public boolean isShedding(PeerId peer) {
        return shedding.contains(peer);
    }

    /** Forgets every episode (this peer stopped leading). */
    void reset() {
        episodes.clear();
        shedding = Set.of();
    }

    /**
     * One pass over {@code peers} (live members that are not draining); returns the moves submitted, at most
     * {@code budget}.
     */
    int pass(PinSetView state, Collection<PeerId> peers, int budget, Moves with, Instant now) {
        episodes.keySet().retainAll(peers);
        int started = 0;
        for (PeerId peer : peers) {
            Optional<DiskUsage> usage = usageOf.apply(peer);
            if (usage.isEmpty()) {
                continue;
            }
            DiskUsage u = usage.get();
            if (u.fraction() < highWater) {
                if (episodes.remove(peer) != null) {
                    LOG.info("disk pressure: {} is below the high-water mark again ({})", peer, percent(u));
                }
                continue;
            }
            if (!episodes.containsKey(peer)) {
                if (u.fraction() < shedWater) {
                    continue;
                }
                episodes.put(peer, null);
                String text = String.format(Locale.ROOT, "%s holds %s of its store (shed above %.0f%%): moving pins "
                        + "off it until it is below %.0f%%", peer, percent(u), shedWater * 100, highWater * 100);
                LOG.warn("disk pressure: {}", text);
                alerts.accept(new Alert(new Metric(ALERT_NAME, peer, percent(u), (long) (u.fraction() * 1_000_000),
                        false, now, now), now));
            }
            if (started < Math.min(budget, MOVES_PER_PASS) && mayPlan(peer, u, with, now)) {
                started += planRound(state, peer, u, Math.min(budget, MOVES_PER_PASS) - started, with);
            }
        }
        shedding = Set.copyOf(episodes.keySet());
        return started;
    }

    /** True when the peer's previous round (if any) has settled; notes when it started to look settled. */
    private boolean mayPlan(PeerId peer, DiskUsage u, Moves with, Instant now) {
        Round r = episodes.get(peer);
        if (r == null) {
            return true;
        }
        if (r.cids().stream().anyMatch(with::busy) || with.awaitingRelease(peer) > 0) {
            if (r.settledSince() != null) {
                episodes.put(peer, r.settled(null));
            }
            return false;
        }
        if (r.settledSince() == null) {
            episodes.put(peer, r.settled(now));
            return false;
        }
        return u.used() <= r.usedAtStart() - r.planned() / 2 || !now.isBefore(r.settledSince().plus(ROUND_PATIENCE));
    }

    private int planRound(PinSetView state, PeerId peer, DiskUsage u, int limit, Moves with) {
        long excess = u.excessOver(highWater);
        long count = Math.max(1, state.allocationCount(peer));
        long average = Math.max(1, u.used() / count);
        List<Pin> settled = new ArrayList<>();
        try (Stream<Cid> cids = state.allocationsOf(peer)) {
            cids.forEach(cid -> state.get(cid).filter(pin -> !with.busy(cid) && with.holds(peer, cid)
                    && pin.allocations().stream().allMatch(with::isUp)).ifPresent(settled::add));
        }
        Map<Cid, Long> sizes = new HashMap<>();
        for (Pin pin : settled) {
            long size = sizeOf.applyAsLong(pin.cid());
            sizes.put(pin.cid(), size < 0 ? average : size);
        }
        settled.sort(Comparator.comparingLong((Pin p) -> sizes.get(p.cid())).reversed()
                .thenComparing(Pin::cid));
        List<Cid> chosen = new ArrayList<>();
        long planned = 0;
        String reason = String.format(Locale.ROOT, "%s: %s holds %s of its store, above the shed mark of %.0f%%; "
                + "moving pins off it until it is below %.0f%%", REASON, peer, percent(u), shedWater * 100,
                highWater * 100);
        for (Pin pin : settled) {
            if (planned >= excess || chosen.size() >= limit) {
                break;
            }
            with.submit(pin, peer, reason);
            chosen.add(pin.cid());
            planned += sizes.get(pin.cid());
            moves.incrementAndGet();
        }
        if (!chosen.isEmpty()) {
            LOG.info("disk pressure: moving {} pins (~{} bytes of {} in excess) off {}", chosen.size(), planned,
                    excess, peer);
            episodes.put(peer, new Round(List.copyOf(chosen), u.used(), planned, null));
        }
        return chosen.size();
    }

    private static String percent(DiskUsage u) {
        return String.format(Locale.ROOT, "%.1f%%", u.fraction() * 100);
    }
}
