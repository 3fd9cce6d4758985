package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.cid.Cid;
import java.util.Set;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pin_update} as the leader decides it: the request's options, the old pin's allocations, the old pin
 * kept; unset options come from the old pin.
 */
class PinUpdateDecisionTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final PeerId A = peer("a");
    private static final PeerId B = peer("b");
    private static final PeerId C = peer("c");

    private final PinSetState state = new PinSetState();
    private final List<Pin> currentSeenByDecider = new ArrayList<>();
    /** Keeps the current allocations and tops them up from A, B, C up to replication max. */
    private final PinDecider decider = new PinDecider() {
        @Override
        public Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView view, Instant now) {
            currentSeenByDecider.add(existing);
            List<PeerId> allocations = new ArrayList<>(existing == null ? List.of() : existing.allocations());
            for (PeerId p : List.of(A, B, C)) {
                if (allocations.size() < options.replicationMax() && !allocations.contains(p)) {
                    allocations.add(p);
                }
            }
            return new Pin(cid, options, PinType.DATA, allocations.subList(0, options.replicationMax()), null, now);
        }

        @Override
        public Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView view, Instant now) {
            throw new AssertionError("pin_update never reallocates");
        }
    };
    private final LeaderDecisions decisions = new LeaderDecisions(decider, Clock.fixed(NOW, ZoneOffset.UTC));

    private final Pin old = new Pin(cid(1), new PinOptions(2, 2, "v1", PinMode.RECURSIVE, 0, List.of(), null,
            Map.of("k", "v"), null, List.of("/ip4/1.2.3.4/tcp/1/p2p/" + A)), PinType.DATA, List.of(B, A), null,
            NOW.minusSeconds(60));

    @Test
    void theNewPinTakesTheRequestedModeAndNameAndTheOldPinsAllocations() {
        state.apply(new PinOp.AddPin(old));
        PinOptions asked = new PinOptions(2, 2, "v2", PinMode.DIRECT, 0, List.of(), null, Map.of(), cid(1),
                List.of());

        List<Decision> out = decisions.decide(List.of(new PinRequest.Pin(cid(2), asked)), state);

        assertThat(out).as("one decision: the new pin; the old one is not unpinned").hasSize(1);
        Pin updated = added(out.get(0));
        assertThat(updated.cid()).isEqualTo(cid(2));
        assertThat(updated.options().mode()).as("mode from the request").isEqualTo(PinMode.DIRECT);
        assertThat(updated.options().name()).isEqualTo("v2");
        assertThat(updated.allocations()).as("the old pin's allocations, as they were").containsExactly(B, A);
        assertThat(updated.options().replicationMin()).isEqualTo(2);
        assertThat(updated.options().metadata()).as("unset: from the old pin").isEqualTo(Map.of("k", "v"));
        assertThat(updated.options().origins()).isEqualTo(old.options().origins());
        assertThat(updated.options().pinUpdate()).as("transient, not stored").isNull();
        assertThat(updated.timestamp()).isEqualTo(NOW);
        assertThat(currentSeenByDecider).as("same replication: nothing to allocate").isEmpty();
    }

    @Test
    void anotherReplicationStartsTheAllocatorFromTheOldPinsAllocations() {
        state.apply(new PinOp.AddPin(old));
        PinOptions asked = new PinOptions(3, 3, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of("k", "w"),
                cid(1), List.of());

        Pin updated = added(decisions.decide(List.of(new PinRequest.Pin(cid(2), asked)), state).get(0));

        assertThat(updated.options().replicationMin()).as("replication from the request").isEqualTo(3);
        assertThat(updated.options().replicationMax()).isEqualTo(3);
        assertThat(currentSeenByDecider).singleElement().satisfies(current ->
                assertThat(current.allocations()).containsExactly(B, A));
        assertThat(updated.allocations()).as("the old allocations kept, one peer added").containsExactly(B, A, C);
        assertThat(updated.options().name()).isEqualTo("v1");
        assertThat(updated.options().metadata()).as("given: from the request").isEqualTo(Map.of("k", "w"));
    }

    @Test
    void updatingFromAPinThatIsNotPinnedIsNotFound() {
        PinOptions asked = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), cid(9),
                List.of());

        List<Decision> out = decisions.decide(List.of(new PinRequest.Pin(cid(2), asked)), state);

        assertThat(out).singleElement().isInstanceOfSatisfying(Decision.Reject.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(r.message()).contains(cid(9).toString());
        });
    }

    @Test
    void anUpdateSeesAPinDecidedEarlierInTheSameBatch() {
        PinOptions first = new PinOptions(1, 1, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null,
                List.of());
        PinOptions update = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), cid(1),
                List.of());

        List<Decision> out = decisions.decide(List.of(new PinRequest.Pin(cid(1), first),
                new PinRequest.Pin(cid(2), update)), state);

        assertThat(added(out.get(1)).allocations()).isEqualTo(added(out.get(0)).allocations()).containsExactly(A);
    }

    private static Pin added(Decision d) {
        assertThat(d).isInstanceOf(Decision.Apply.class);
        PinOp op = ((Decision.Apply) d).op();
        assertThat(op).isInstanceOf(PinOp.AddPin.class);
        return ((PinOp.AddPin) op).pin();
    }

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("pin-update-" + name).getBytes(StandardCharsets.UTF_8));
    }
}
