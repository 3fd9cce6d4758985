package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The planner's top-up sweep, run when nothing needs repair or rebalancing: looks at the next
 * {@value #SCAN_PER_PASS} pins (a cursor that wraps around, so no pass walks the whole pinset) and gives those with
 * fewer copies than their replication max more, when more live, undrained members exist than the pin has. Pins
 * placed when peers were missing reach their max once peers are back or have joined. At most
 * {@value #MOVES_PER_PASS} per pass.
 *
 * <p>Its own class so the cursor and the pins it tried lately live next to the only code that reads them. Not
 * thread-safe: the planner's pass thread calls it.
 */
final class TopUpSweep {
    /** Pins the sweep looks at per pass: the whole pinset is covered in pins / this seconds. */
    static final int SCAN_PER_PASS = 2000;
    /** How long a pin the sweep tried to top up is left alone (the cluster may have had no room for it). */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    /** Top-ups started per pass at most: gradual, as rebalancing. */
    static final int MOVES_PER_PASS = Rebalancer.MOVES_PER_PASS;

    /** What the planner lends: the state of its own moves, of the peers, and the submission of a top-up. */
    interface Moves {
        /** Whether any move the planner submitted is still waiting for its commit. */
        boolean anyInFlight();

        /** Whether {@code cid} has a move waiting for its commit, or waits to be tried again after one failed. */
        boolean busy(Cid cid);

        boolean isUp(PeerId peer);

        /** Re-allocates {@code pin} with no peer leaving, up to its replication max. */
        void submit(Pin pin, String reason);
    }

    private final Predicate<Cid> archived;
    private final Clock clock;
    private final Moves moves;
    private Cid cursor; // where the sweep goes on from; null = from the first pin
    private final Map<Cid, Instant> tried = new HashMap<>(); // pin -> left alone until
    private Set<PeerId> peers = Set.of(); // the live peers the sweep last saw

    /**
     * @param archived whether a pin has an archive in the cold tier: one with no allocation left had its hot copies
     *                 dropped (decision 0024) and is not topped up
     */
    TopUpSweep(Predicate<Cid> archived, Clock clock, Moves moves) {
        this.archived = archived;
        this.clock = clock;
        this.moves = moves;
    }

    /** Every pass, whether or not the sweep runs: pins tried long enough ago may be tried again. */
    void expire(Instant now) {
        tried.values().removeIf(t -> !t.isAfter(now));
    }

    /**
     * The planner lost the leadership: forgets the pins tried. The cursor and the peers seen stay: a planner that
     * is leader again goes on where it was, or starts over if the live peers changed meanwhile.
     */
    void reset() {
        tried.clear();
    }

    /** @param live the members that are up, heard from and not draining */
    void pass(PinSetView state, Set<PeerId> live) {
        if (moves.anyInFlight()) {
            return;
        }
        if (!live.equals(peers)) {
            // peers joined, came back or left: pins the cluster had no room for may have room now
            peers = live;
            tried.clear();
            cursor = null;
        }
        long liveCount = live.size();
        int scanned = 0;
        int started = 0;
        Cid last = cursor;
        try (Stream<Pin> pins = state.pinsAfter(cursor)) {
            for (Pin pin : (Iterable<Pin>) pins.limit(SCAN_PER_PASS)::iterator) {
                scanned++;
                last = pin.cid();
                int have = pin.allocations().size();
                if (pin.isEverywhere() || have >= pin.options().replicationMax() || have >= liveCount
                        || have == 0 && archived.test(pin.cid()) // hot copies dropped (decision 0024)
                        || tried.containsKey(pin.cid()) || moves.busy(pin.cid())
                        || !pin.allocations().stream().allMatch(moves::isUp)) {
                    continue;
                }
                moves.submit(pin, "top-up: " + have + " of up to " + pin.options().replicationMax() + " copies, "
                        + liveCount + " live peers");
                // A pin the allocator cannot give more (zones, free space) answers CONFLICT; wait before asking again.
                tried.put(pin.cid(), clock.instant().plus(RETRY_AFTER));
                if (++started >= MOVES_PER_PASS) {
                    break;
                }
            }
        }
        cursor = scanned < SCAN_PER_PASS && started < MOVES_PER_PASS ? null : last;
    }
}
