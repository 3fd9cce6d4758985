package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rebalancer's settle clock, pass by pass on a manual clock, against a real pinset and a recording stand-in for
 * the planner's moves: a drift moves pins only once it has lasted {@code rebalance_settle}; a pass that finds the
 * counts even stops the clock and the next drift starts it anew; passes with moves in flight (submitted, or copies
 * awaiting release) neither start nor stop it; losing the leadership forgets it.
 */
class RebalancerSettleTest {
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration JUST_BEFORE = Duration.ofMillis(1);
    private static final PeerId A = peer("a");
    private static final PeerId B = peer("b");
    private static final PeerId C = peer("c");
    private static final List<PeerId> MEMBERS = List.of(A, B, C);

    private final ManualClock clock = new ManualClock(T0);
    private final PinSetState state = new PinSetState();
    private final RecordingMoves moves = new RecordingMoves();
    private final Rebalancer rebalancer = new Rebalancer(0.2, SETTLE, 100, p -> "", moves);
    private int nextPin;

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("rebalancer-settle-" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds {@code n} single-copy pins on {@code peer}; returns them so a test can take them away again. */
    private List<Cid> pins(PeerId peer, int n) {
        List<Cid> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(("rebalancer-settle-pin" + nextPin++)
                    .getBytes(StandardCharsets.UTF_8)));
            state.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(1, 1), PinType.DATA,
                    List.of(peer), null, T0)));
            added.add(cid);
        }
        return added;
    }

    private void unpin(List<Cid> cids) {
        cids.forEach(cid -> state.apply(new PinOp.RemovePin(cid)));
    }

    /** A holds 10 pins, B and C 2 each: A is over 1.2 times the mean (4.7), so the counts have drifted. */
    private void drift() {
        pins(A, 10);
        pins(B, 2);
        pins(C, 2);
    }

    /** From the drift above to 10 pins each. */
    private List<Cid> evenOut() {
        List<Cid> added = new ArrayList<>(pins(B, 8));
        added.addAll(pins(C, 8));
        return added;
    }

    private int pass() {
        return pass(0);
    }

    private int pass(long moving) {
        return rebalancer.pass(state, MEMBERS, MEMBERS, moving, clock.instant());
    }

    private void at(Instant t) {
        clock.set(t);
    }

    @Test
    void aDriftMovesNothingBeforeItHasLastedTheSettleTimeAndMovesAtIt() {
        drift();

        at(T0);
        assertThat(pass()).as("the first pass that sees the drift").isZero();
        at(T0.plus(SETTLE).minus(JUST_BEFORE));
        assertThat(pass()).isZero();
        assertThat(moves.submitted).isEmpty();
        at(T0.plus(SETTLE));
        assertThat(pass()).as("half the excess over the mean, rounded up").isEqualTo(3);

        assertThat(moves.submitted).hasSize(3).allSatisfy(m -> {
            assertThat(m.leaving()).as("off the fullest peer only").containsExactly(A);
            assertThat(m.reason()).startsWith("rebalance: ");
        });
    }

    @Test
    void onceMovingThePassesGoOnWithoutWaitingAgain() {
        drift();
        at(T0);
        pass();
        at(T0.plus(SETTLE));
        assertThat(pass()).isEqualTo(3);
        moves.commitAll();

        at(T0.plus(SETTLE).plusSeconds(1));
        assertThat(pass()).as("the drift is still there (the stand-in moves nothing)").isEqualTo(3);
    }

    @Test
    void anEvenPassStopsTheClockAndTheNextDriftStartsItAgain() {
        drift();
        at(T0);
        pass();
        at(T0.plusSeconds(20));
        List<Cid> evening = evenOut();
        assertThat(pass()).isZero();

        Instant t1 = T0.plusSeconds(25);
        at(t1);
        unpin(evening);
        assertThat(pass()).as("the drift again: the clock starts at t1").isZero();
        at(T0.plus(SETTLE));
        assertThat(pass()).as("the settle time after t0, not after t1").isZero();
        at(t1.plus(SETTLE).minus(JUST_BEFORE));
        assertThat(pass()).isZero();
        assertThat(moves.submitted).isEmpty();
        at(t1.plus(SETTLE));
        assertThat(pass()).isEqualTo(3);
    }

    @Test
    void aPassWithMovesInFlightDoesNotStartTheClock() {
        drift();
        moves.inFlight.add(pins(A, 1).get(0)); // some move submitted before is not committed yet
        at(T0);
        assertThat(pass()).isZero();

        moves.commitAll();
        Instant t1 = T0.plusSeconds(10);
        at(t1);
        assertThat(pass()).as("the first pass that sees the drift with nothing in flight").isZero();
        at(T0.plus(SETTLE));
        assertThat(pass()).isZero();
        at(t1.plus(SETTLE));
        assertThat(pass()).isEqualTo(3);
    }

    @Test
    void passesWithMovesInFlightOrCopiesAwaitingReleaseDoNotStopTheClock() {
        drift();
        at(T0);
        pass();

        List<Cid> evening = evenOut(); // a pass looking at these counts would stop the clock
        moves.inFlight.add(evening.get(0));
        at(T0.plusSeconds(10));
        assertThat(pass()).isZero();
        moves.commitAll();
        at(T0.plusSeconds(15));
        assertThat(pass(Rebalancer.MAX_MOVING + 1)).isZero();

        unpin(evening);
        at(T0.plus(SETTLE));
        assertThat(pass()).as("the clock started at t0 still runs").isEqualTo(3);
    }

    @Test
    void losingTheLeadershipForgetsTheDrift() {
        drift();
        at(T0);
        pass();
        rebalancer.reset();

        Instant t1 = T0.plus(SETTLE);
        at(t1);
        assertThat(pass()).as("a new first pass that sees the drift").isZero();
        at(t1.plus(SETTLE));
        assertThat(pass()).isEqualTo(3);
    }

    @Test
    void aPassWithFewerThanTwoLivePeersForgetsTheDrift() {
        drift();
        at(T0);
        pass();
        at(T0.plusSeconds(1));
        assertThat(rebalancer.pass(state, MEMBERS, List.of(A), 0, clock.instant())).as("one live peer").isZero();

        Instant t1 = T0.plus(SETTLE);
        at(t1);
        assertThat(pass()).as("the peers are back: a new first pass that sees the drift").isZero();
        at(t1.plus(SETTLE));
        assertThat(pass()).isEqualTo(3);
    }

    @Test
    void aZeroSettleTimeMovesAtTheFirstPassThatSeesTheDrift() {
        Rebalancer atOnce = new Rebalancer(0.2, Duration.ZERO, 100, p -> "", moves);
        drift();

        assertThat(atOnce.pass(state, MEMBERS, MEMBERS, 0, T0)).isEqualTo(3);
    }

    /** One submitted move. */
    private record Move(Pin pin, Set<PeerId> leaving, String reason) {
    }

    /**
     * The planner's side: every peer up and holding what it is allocated; a submitted move stays in flight until the
     * test commits it.
     */
    private final class RecordingMoves implements Rebalancer.Moves {
        final List<Move> submitted = new ArrayList<>();
        final Set<Cid> inFlight = new HashSet<>();

        void commitAll() {
            inFlight.clear();
        }

        @Override
        public boolean anyInFlight() {
            return !inFlight.isEmpty();
        }

        @Override
        public boolean busy(Cid cid) {
            return inFlight.contains(cid);
        }

        @Override
        public boolean holds(PeerId peer, Cid cid) {
            return state.get(cid).map(pin -> pin.allocations().contains(peer)).orElse(false);
        }

        @Override
        public boolean isUp(PeerId peer) {
            return true;
        }

        @Override
        public void submit(Pin pin, Set<PeerId> leaving, String reason) {
            submitted.add(new Move(pin, Set.copyOf(leaving), reason));
            inFlight.add(pin.cid());
        }
    }
}
