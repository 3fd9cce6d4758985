package io.pincluster.it.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** How one status answer becomes live copies: what the repair ITs and the zero-copy sampler count. */
class CopyCensusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> PEERS = Map.of("id-0", 0, "id-1", 1, "id-2", 2, "id-3", 3);
    private static final ToIntFunction<String> INDEX = id -> PEERS.getOrDefault(id, -1);

    @Test
    void onlyALivePeersPinnedIsALiveCopy() throws Exception {
        PinCopies p = CopyCensus.parse(info(List.of("id-0", "id-1", "id-2"),
                Map.of("id-0", "pinned", "id-1", "pinned", "id-2", "pin_queued", "id-3", "remote")), Set.of(1, 2, 3),
                INDEX);

        assertThat(p.cid()).isEqualTo("QmX");
        assertThat(p.allocatedTo()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(p.pinnedOnLive()).as("peer-0 is down: its pinned does not count").containsExactly(1);
        assertThat(p.liveZones(List.of("a", "a", "b", "b"))).containsExactly("a");
        assertThat(p.surelyNoLiveCopy()).isFalse();
        assertThat(p.allocatedStatuses()).isEqualTo("[peer-0 (down): pinned, peer-1: pinned, peer-2: pin_queued]");
    }

    @Test
    void holdersThatAllAnswerSomethingElseThanPinnedAreASureZero() throws Exception {
        PinCopies p = CopyCensus.parse(info(List.of("id-1", "id-2"), Map.of("id-1", "pin_queued", "id-2", "pinning",
                "id-0", "cluster_error")), Set.of(1, 2, 3), INDEX);

        assertThat(p.pinnedOnLive()).isEmpty();
        assertThat(p.unansweredLive()).as("peer-0 is not allocated and down").isEmpty();
        assertThat(p.surelyNoLiveCopy()).isTrue();
    }

    @Test
    void aLiveHolderThatDidNotAnswerMakesTheReadingInconclusive() throws Exception {
        PinCopies p = CopyCensus.parse(info(List.of("id-1", "id-2"), Map.of("id-1", "cluster_error", "id-2",
                "pin_queued")), Set.of(1, 2), INDEX);

        assertThat(p.unansweredLive()).containsExactly(1);
        assertThat(p.surelyNoLiveCopy()).isFalse();
    }

    @Test
    void aPeerMarkedDownDuringTheRequestNoLongerCounts() throws Exception {
        PinCopies p = CopyCensus.parse(info(List.of("id-1", "id-2"), Map.of("id-1", "pinned", "id-2", "pinning")),
                Set.of(1, 2), INDEX);

        PinCopies afterKill = p.amongLive(Set.of(2));

        assertThat(p.surelyNoLiveCopy()).isFalse();
        assertThat(afterKill.pinnedOnLive()).isEmpty();
        assertThat(afterKill.surelyNoLiveCopy()).isTrue();
    }

    @Test
    void aPeerIdTheTestDoesNotKnowIsNamedAsSuch() throws Exception {
        PinCopies p = CopyCensus.parse(info(List.of("id-1", "stranger"), Map.of("id-1", "pinned", "stranger",
                "pinned")), Set.of(1), INDEX);

        assertThat(p.allocatedTo()).containsExactlyInAnyOrder(1, -1);
        assertThat(p.pinnedOnLive()).containsExactly(1);
        assertThat(PinCopies.describe(p.allocatedTo(), List.of("a", "b"))).isEqualTo(
                "[a peer unknown to the test, peer-1 (b)]");
    }

    private static JsonNode info(List<String> allocations, Map<String, String> statuses) throws Exception {
        StringBuilder peerMap = new StringBuilder();
        statuses.forEach((id, status) -> peerMap.append(peerMap.length() == 0 ? "" : ",").append('"').append(id)
                .append("\":{\"peername\":\"").append(id).append("\",\"status\":\"").append(status)
                .append("\",\"timestamp\":\"2026-12-03T18:00:00Z\",\"error\":\"\",\"attempt_count\":0,"
                        + "\"priority_pin\":false}"));
        return JSON.readTree("{\"cid\":\"QmX\",\"name\":\"\",\"allocations\":" + JSON.writeValueAsString(allocations)
                + ",\"origins\":[],\"created\":\"2026-12-03T18:00:00Z\",\"metadata\":{},\"peer_map\":{" + peerMap
                + "}}");
    }
}
