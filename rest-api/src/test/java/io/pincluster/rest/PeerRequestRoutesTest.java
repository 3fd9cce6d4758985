package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Removal, drain and maintenance of a peer: behind the credentials, strict parameters, clear answers. */
class PeerRequestRoutesTest extends RestTestSupport {
    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("alice", "secret-a"));
    }

    @Test
    void everyRequestNeedsCredentials() {
        api.writes.clear();
        String a = FakeClusterApi.PEER_A.toString();
        for (String[] call : new String[][] {{"DELETE", "/peers/" + a}, {"POST", "/peers/" + a + "/drain"},
                {"DELETE", "/peers/" + a + "/drain"}, {"POST", "/peers/" + a + "/maintenance"},
                {"DELETE", "/peers/" + a + "/maintenance"}}) {
            assertThat(send(call[0], call[1]).statusCode()).as("%s %s", call[0], call[1]).isEqualTo(401);
        }
        assertThat(api.writes).isEmpty();
    }

    @Test
    void removingALivePeerDrainsItFirstUnlessForced() {
        auth = basic("alice", "secret-a");
        api.writes.clear();
        HttpResponse<String> live = send("DELETE", "/peers/" + FakeClusterApi.PEER_A);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(202);
        assertThat(json(live.body()).get("drain").asText()).isEqualTo("drain_and_remove");
        assertThat(json(live.body()).get("message").asText()).contains("force=true");

        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_A + "?force=true").statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_B).statusCode()).as("a dead peer goes at once")
                .isEqualTo(204);
        assertThat(api.writes).containsExactly("rm " + FakeClusterApi.PEER_A, "rm " + FakeClusterApi.PEER_A + " force",
                "rm " + FakeClusterApi.PEER_B);
        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_A + "?force=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void drainStartsAndStopsAndAnUnknownPeerIsNotFound() {
        auth = basic("alice", "secret-a");
        api.writes.clear();
        HttpResponse<String> on = send("POST", "/peers/" + FakeClusterApi.PEER_B + "/drain");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(202);
        assertThat(json(on.body()).get("drain").asText()).isEqualTo("drain");
        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_B + "/drain").statusCode()).isEqualTo(200);
        assertThat(api.writes).containsExactly("drain " + FakeClusterApi.PEER_B + " true",
                "drain " + FakeClusterApi.PEER_B + " false");
        HttpResponse<String> unknown = send("POST", "/peers/" + FakeClusterApi.peer(7) + "/drain");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("message").asText()).contains("not a cluster member");
        assertThat(send("POST", "/peers/not-a-peer/drain").statusCode()).isEqualTo(400);
    }

    @Test
    void maintenanceTakesABoundedDurationAndEnds() {
        auth = basic("alice", "secret-a");
        api.writes.clear();
        HttpResponse<String> on = send("POST", "/peers/" + FakeClusterApi.PEER_B + "/maintenance?for=30m");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        JsonNode body = json(on.body());
        assertThat(body.get("maintenance_until").asText()).isEqualTo("2024-05-06T10:30:00Z");
        assertThat(send("POST", "/peers/" + FakeClusterApi.PEER_B + "/maintenance").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_B + "/maintenance").statusCode()).isEqualTo(200);
        assertThat(api.writes).containsExactly("maintenance " + FakeClusterApi.PEER_B + " 2024-05-06T10:30:00Z",
                "maintenance " + FakeClusterApi.PEER_B + " 2024-05-06T11:00:00Z",
                "maintenance " + FakeClusterApi.PEER_B + " null");
        for (String bad : new String[] {"soon", "0s", "-1h", "200h"}) {
            HttpResponse<String> r = send("POST", "/peers/" + FakeClusterApi.PEER_B + "/maintenance?for=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r.body()).get("message").asText()).as(bad).contains("for");
        }
    }
}
