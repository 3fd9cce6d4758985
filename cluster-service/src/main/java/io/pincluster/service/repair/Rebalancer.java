package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The planner's rebalancing, run when nothing needs repair: if a live, undrained member holds more than
 * (1 + threshold) times the mean pin count, or one holds less than (1 - threshold) times it, moves a few confirmed
 * pins off the fullest member. The allocator picks where each goes (zones first, then free space, so the emptiest
 * peers), and the fullest member keeps its copy until the new one is confirmed.
 *
 * <p>Only a drift that lasts moves pins: the first pass that sees it starts the {@code rebalanceSettle} clock, a
 * pass that finds the counts even stops it. While pins arrive the counts drift apart and back for moments (the
 * allocator places by free space, and a pin's size is known only once it is pinned); moving pins then is a copy
 * and a release for nothing (5 moves in 205 pins of a 3-peer cluster nobody changed, session 11). A drift that
 * comes from peers joining or a drain lasts and is worked off; once moving, the passes go on without waiting again.
 * A pass with moves in flight looks at nothing, so it neither starts nor stops the clock; {@link #reset()} (the
 * planner lost the leadership, or has repair work, which changes the counts) forgets it, and so does a pass with
 * fewer than two live members.
 *
 * <p>Its own class so the settle clock can be tested pass by pass with plain inputs: the pinset, the members, the
 * live ones and the time, no cluster. Not thread-safe: the planner's pass thread calls it.
 */
final class Rebalancer {
    /** Rebalancing moves started per pass at most: gradual, so copies finish before more start. */
    static final int MOVES_PER_PASS = 50;
    /** Rebalancing waits while more copies than this wait for release (the previous moves are still copying). */
    static final int MAX_MOVING = 200;

    /** What the planner lends: the state of its own moves and of the copies, and the submission of a move. */
    interface Moves {
        /** Whether any move the planner submitted is still waiting for its commit. */
        boolean anyInFlight();

        /** Whether {@code cid} has a move in flight or waits to be tried again. */
        boolean busy(Cid cid);

        boolean holds(PeerId peer, Cid cid);

        boolean isUp(PeerId peer);

        /** Re-allocates {@code pin} without the {@code leaving} peers, keeping its number of copies. */
        void submit(Pin pin, Set<PeerId> leaving, String reason);
    }

    private final double threshold;
    private final Duration settle;
    private final int maxPinsPerSecond;
    private final Function<PeerId, String> zoneOf;
    private final Moves moves;
    private Instant imbalancedSince; // since when the counts have drifted, pass after pass; null: even

    /**
     * @param threshold        how far (a fraction of the mean) a count may drift before pins move; 0 = never
     * @param settle           how long the drift must last, pass after pass, before the first pins move
     * @param maxPinsPerSecond the planner's rate: a pass starts no more moves than this
     */
    Rebalancer(double threshold, Duration settle, int maxPinsPerSecond, Function<PeerId, String> zoneOf,
               Moves moves) {
        this.threshold = threshold;
        this.settle = settle;
        this.maxPinsPerSecond = maxPinsPerSecond;
        this.zoneOf = zoneOf;
        this.moves = moves;
    }

    /** Forgets the drift seen so far: a planner that is leader again starts the settle clock anew. */
    void reset() {
        imbalancedSince = null;
    }

    /**
     * One pass. Returns how many moves started.
     *
     * @param members every member, in the membership's order
     * @param live    the members that are up and not draining, in the same order (the first fullest one gives)
     * @param moving  copies the members hold awaiting release (the previous moves still copying)
     */
    int pass(PinSetView state, List<PeerId> members, List<PeerId> live, long moving, Instant now) {
        if (threshold == 0 || moves.anyInFlight() || moving > MAX_MOVING) {
            return 0;
        }
        if (live.size() < 2) {
            imbalancedSince = null; // nothing to even out between: a drift seen before is not this one
            return 0;
        }
        PeerId fullest = null;
        long max = -1;
        long min = Long.MAX_VALUE;
        long total = 0;
        Map<PeerId, Long> counts = new HashMap<>();
        for (PeerId peer : live) {
            long n = state.allocationCount(peer);
            counts.put(peer, n);
            total += n;
            min = Math.min(min, n);
            if (n > max) {
                max = n;
                fullest = peer;
            }
        }
        double mean = (double) total / live.size();
        if (mean < 1 || max <= mean * (1 + threshold) && min >= mean * (1 - threshold) || max - mean < 1) {
            imbalancedSince = null;
            return 0;
        }
        if (imbalancedSince == null) {
            imbalancedSince = now;
        }
        if (now.isBefore(imbalancedSince.plus(settle))) {
            return 0;
        }
        int wanted = (int) Math.min(Math.min(MOVES_PER_PASS, maxPinsPerSecond),
                Math.max(1, Math.ceil((max - mean) / 2)));
        String reason = String.format(Locale.ROOT, "rebalance: %s holds %d pins, the mean of %d live peers is %.1f",
                fullest, max, live.size(), mean);
        // The allocator places by zone and free space, not by count: left to itself it may put the pin on another
        // full peer and the next pass moves it back. Members at or above the mean are therefore no candidates (a
        // member not allocated the pin is only excluded by being named leaving; one that is allocated stays).
        Set<PeerId> full = new HashSet<>();
        counts.forEach((peer, n) -> {
            if (n >= mean) {
                full.add(peer);
            }
        });
        members.stream().filter(p -> !counts.containsKey(p)).forEach(full::add); // down or draining
        int started = 0;
        PeerId from = fullest;
        try (Stream<Cid> cids = state.allocationsOf(fullest)) {
            for (Cid cid : (Iterable<Cid>) cids::iterator) {
                if (started >= wanted) {
                    break;
                }
                Pin pin = state.get(cid).orElse(null);
                if (pin == null || moves.busy(cid) || !moves.holds(from, cid)
                        || !pin.allocations().stream().allMatch(moves::isUp)) {
                    continue; // only settled pins move; one with a peer down is repair's
                }
                // A move never narrows the zones a pin spans: a target must be in the leaving peer's zone or in one
                // the pin's other copies do not use.
                Set<String> otherZones = new HashSet<>();
                pin.allocations().stream().filter(p -> !p.equals(from)).forEach(p -> otherZones.add(zoneOf.apply(p)));
                String fromZone = zoneOf.apply(from);
                Set<PeerId> leaving = new HashSet<>(members);
                boolean anyTarget = false;
                for (PeerId peer : counts.keySet()) {
                    String zone = zoneOf.apply(peer);
                    if (!full.contains(peer) && (zone.equals(fromZone) || !otherZones.contains(zone))) {
                        leaving.remove(peer);
                        anyTarget |= !pin.allocations().contains(peer);
                    }
                }
                if (!anyTarget) {
                    continue;
                }
                leaving.removeAll(pin.allocations());
                leaving.add(from);
                moves.submit(pin, leaving, reason);
                started++;
            }
        }
        return started;
    }
}
