package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.PinSetView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leader's {@link PinRequest.Reallocate}: decided on the pin as it stands, only its allocations change. */
class ReallocationDecisionTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final PeerId A = peer("a");
    private static final PeerId B = peer("b");
    private static final PeerId C = peer("c");

    private final PinSetState state = new PinSetState();
    /** Keeps the staying peers and adds C. */
    private final PinDecider decider = new PinDecider() {
        @Override
        public Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView view, Instant now) {
            return new Pin(cid, options, PinType.DATA, existing == null ? List.of(A, B) : existing.allocations(),
                    null, now);
        }

        @Override
        public Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView view, Instant now) {
            List<PeerId> next = new ArrayList<>(existing.allocations());
            next.removeAll(leaving);
            if (!next.contains(C) && !leaving.isEmpty()) {
                next.add(C);
            }
            return new Pin(existing.cid(), existing.options(), existing.type(), next, null, now);
        }
    };
    private final LeaderDecisions decisions = new LeaderDecisions(decider, Clock.fixed(NOW, ZoneOffset.UTC));

    private final Pin pin = new Pin(cid(1), new PinOptions(2, 2, "v1", PinMode.RECURSIVE, 0, List.of(), null,
            Map.of("k", "v"), null, List.of()), PinType.DATA, List.of(A, B), null, NOW.minusSeconds(3600));

    @Test
    void onlyTheAllocationsChangeAndTheCreationTimeStays() {
        state.apply(new PinOp.AddPin(pin));

        Pin moved = added(decisions.decide(List.of(new PinRequest.Reallocate(cid(1), List.of(A), false)), state)
                .get(0));

        assertThat(moved.allocations()).containsExactly(B, C);
        assertThat(moved.options()).isEqualTo(pin.options());
        assertThat(moved.timestamp()).isEqualTo(pin.timestamp());
    }

    @Test
    void aUsersChangeDecidedEarlierInTheBatchIsKept() {
        state.apply(new PinOp.AddPin(pin));
        PinOptions renamed = new PinOptions(2, 2, "v2", PinMode.RECURSIVE, 0, List.of(), null, Map.of("k", "v"),
                null, List.of());

        List<Decision> out = decisions.decide(List.of(new PinRequest.Pin(cid(1), renamed),
                new PinRequest.Reallocate(cid(1), List.of(A), false)), state);

        Pin moved = added(out.get(1));
        assertThat(moved.options().name()).as("the repair does not undo the rename").isEqualTo("v2");
        assertThat(moved.allocations()).containsExactly(B, C);
    }

    @Test
    void aPinGoneByThenIsNotFoundAndANoOpIsAConflict() {
        assertThat(rejected(decisions.decide(List.of(new PinRequest.Reallocate(cid(1), List.of(A), false)),
                state).get(0))).isEqualTo(ErrorCode.NOT_FOUND);
        state.apply(new PinOp.AddPin(pin));
        assertThat(rejected(decisions.decide(List.of(new PinRequest.Reallocate(cid(1), List.of(), false)),
                state).get(0))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void everywherePinsAreNotReallocated() {
        state.apply(new PinOp.AddPin(new Pin(cid(2), PinOptions.DEFAULTS.withReplication(-1, -1), PinType.DATA,
                List.of(), null, NOW)));
        assertThat(rejected(decisions.decide(List.of(new PinRequest.Reallocate(cid(2), List.of(A), true)),
                state).get(0))).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    private static Pin added(Decision d) {
        assertThat(d).isInstanceOf(Decision.Apply.class);
        PinOp op = ((Decision.Apply) d).op();
        assertThat(op).isInstanceOf(PinOp.AddPin.class);
        return ((PinOp.AddPin) op).pin();
    }

    private static ErrorCode rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Reject.class);
        return ((Decision.Reject) d).code();
    }

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("realloc-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("realloc-" + name).getBytes(StandardCharsets.UTF_8));
    }
}
