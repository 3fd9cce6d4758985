package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /ipfs/gc}: behind the credentials, a strict {@code local} flag, ipfs-cluster's GlobalRepoGC. */
class RepoGcRouteTest extends RestTestSupport {
    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("alice", "secret-a"));
    }

    @Test
    void withoutCredentialsNothingIsCollected() {
        HttpResponse<String> r = send("POST", "/ipfs/gc");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r.body()).get("message").asText()).isEqualTo("unauthorized: no auth provided");
        assertThat(api.lastGcLocal).isNull();
    }

    @Test
    void aLocalValueThatIsNotABooleanIsABadRequest() {
        auth = basic("alice", "secret-a");
        HttpResponse<String> r = send("POST", "/ipfs/gc?local=yes");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("code").asInt()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("local", "yes");
        assertThat(api.lastGcLocal).isNull();
    }

    @Test
    void answersEveryPeersKeysAndErrorsAsGlobalRepoGc() {
        auth = basic("alice", "secret-a");
        HttpResponse<String> r = send("POST", "/ipfs/gc?local=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(api.lastGcLocal).isTrue();

        JsonNode map = json(r.body()).get("peer_map");
        JsonNode a = map.get(FakeClusterApi.PEER_A.toString());
        assertThat(a.get("peer").asText()).isEqualTo(FakeClusterApi.PEER_A.toString());
        assertThat(a.get("peername").asText()).isEqualTo("cluster0");
        assertThat(a.get("keys").get(0).get("key").asText()).isEqualTo(FakeClusterApi.cid("garbage").toString());
        assertThat(a.has("error")).isFalse();
        JsonNode b = map.get(FakeClusterApi.PEER_B.toString());
        assertThat(b.get("keys").size()).isZero();
        assertThat(b.get("error").asText()).isEqualTo("peer unreachable");

        assertThat(send("POST", "/ipfs/gc").statusCode()).isEqualTo(200);
        assertThat(api.lastGcLocal).isFalse();
    }
}
