package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /health/repair} and {@code GET /health/moves}: behind the credentials, snake_case JSON, strict query. */
class RepairRoutesTest extends RestTestSupport {
    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("alice", "secret-a"));
    }

    @Test
    void bothNeedCredentials() {
        api.lastMovesLimit = null; // the fake is shared by the tests of this class
        for (String path : new String[] {"/health/repair", "/health/moves"}) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(api.lastMovesLimit).isNull();
    }

    @Test
    void theSummaryCarriesPeerStatesAndEveryCount() {
        auth = basic("alice", "secret-a");
        HttpResponse<String> r = send("GET", "/health/repair");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode s = json(r.body());
        assertThat(s.get("leader").asBoolean()).isTrue();
        assertThat(s.get("peers").get(FakeClusterApi.PEER_B.toString()).get("state").asText()).isEqualTo("down");
        assertThat(s.get("peers").get(FakeClusterApi.PEER_B.toString()).get("since").asText())
                .isEqualTo("2024-05-06T09:58:30Z");
        assertThat(s.get("peers").get(FakeClusterApi.PEER_B.toString()).get("maintenance_until").asText())
                .isEqualTo("2024-05-06T10:10:00Z");
        assertThat(s.get("peers").get(FakeClusterApi.PEER_A.toString()).get("drain").asText()).isEqualTo("drain");
        assertThat(s.get("peers").get(FakeClusterApi.PEER_A.toString()).has("maintenance_until")).isFalse();
        assertThat(s.get("under_replicated").asLong()).isEqualTo(12);
        assertThat(s.get("waiting_for_grace").asLong()).isEqualTo(2);
        assertThat(s.get("lost").asLong()).isEqualTo(1);
        assertThat(s.get("moving").asLong()).isEqualTo(3);
        assertThat(s.get("queued").asLong()).isEqualTo(10);
        assertThat(s.get("in_flight").asLong()).isEqualTo(4);
        assertThat(s.get("repaired").asLong()).isEqualTo(7);
        assertThat(s.get("moves_by_kind").get("repair").asLong()).isEqualTo(7);
        assertThat(s.get("moves_by_kind").get("rebalance").asLong()).isEqualTo(5);
        assertThat(s.get("peers").get(FakeClusterApi.PEER_A.toString()).get("disk_pressure").asBoolean()).isTrue();
        assertThat(s.get("peers").get(FakeClusterApi.PEER_B.toString()).get("disk_pressure").asBoolean()).isFalse();
        assertThat(s.get("eta_seconds").asLong()).isEqualTo(2);
        assertThat(s.get("lost_sample").get(0).asText()).isEqualTo(FakeClusterApi.cid("lost").toString());
    }

    @Test
    void movesAreFilteredByCidAndLimited() {
        auth = basic("alice", "secret-a");
        String moved = FakeClusterApi.cid("moved").toString();
        HttpResponse<String> r = send("GET", "/health/moves?cid=" + moved + "&limit=5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = json(r.body());
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("cid").asText()).isEqualTo(moved);
        assertThat(list.get(0).get("from").get(0).asText()).isEqualTo(FakeClusterApi.PEER_B.toString());
        assertThat(list.get(0).get("reason").asText()).contains("down since");
        assertThat(list.get(0).get("kind").asText()).isEqualTo("repair");
        assertThat(api.lastMovesLimit).isEqualTo(5);

        assertThat(json(send("GET", "/health/moves").body()).size()).isEqualTo(2);
        assertThat(api.lastMovesLimit).isEqualTo(100);
        assertThat(api.lastMovesCid).isNull();
    }

    @Test
    void aBadLimitOrCidIsABadRequestNamingIt() {
        auth = basic("alice", "secret-a");
        HttpResponse<String> r = send("GET", "/health/moves?limit=0");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("limit");
        r = send("GET", "/health/moves?limit=many");
        assertThat(r.statusCode()).isEqualTo(400);
        r = send("GET", "/health/moves?cid=not-a-cid");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("cid");
    }
}
