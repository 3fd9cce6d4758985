package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthTest extends RestTestSupport {
    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("alice", "secret-a", "bob", "secret-b"));
    }

    private void assertUnauthorized(HttpResponse<String> r, String message) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("www-authenticate"))
                .contains("Basic realm=\"Restricted IPFS Cluster API\"");
        assertThat(json(r.body()).get("code").asInt()).isEqualTo(401);
        assertThat(json(r.body()).get("message").asText()).isEqualTo(message);
    }

    @Test
    void refusesMissingAndWrongCredentials() {
        assertUnauthorized(send("GET", "/id"), "unauthorized: no auth provided");
        auth = basic("alice", "wrong");
        assertUnauthorized(send("GET", "/id"), "unauthorized: access denied");
        auth = basic("mallory", "secret-a");
        assertUnauthorized(send("GET", "/id"), "unauthorized: access denied");
        auth = basic("alice", "secret-b");
        assertUnauthorized(send("GET", "/id"), "unauthorized: access denied");
        auth = "Bearer not.a.token";
        assertUnauthorized(send("GET", "/id"), "unauthorized: invalid token");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void refusedWritesReachNothing() {
        assertUnauthorized(send("POST", "/pins/" + FakeClusterApi.cid("x")), "unauthorized: no auth provided");
        assertUnauthorized(send("POST", "/pins", java.net.http.HttpRequest.BodyPublishers.ofString(
                FakeClusterApi.cid("x").toString()), java.util.Map.of()), "unauthorized: no auth provided");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void healthNeedsNoCredentials() {
        HttpResponse<String> r = send("GET", "/health");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void bothUsersGetIn() {
        auth = basic("alice", "secret-a");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(200);
        auth = basic("bob", "secret-b");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(200);
    }

    @Test
    void tokenRoundTrip() {
        auth = basic("bob", "secret-b");
        HttpResponse<String> r = send("POST", "/token");
        assertThat(r.statusCode()).isEqualTo(200);
        String token = json(r.body()).get("token").asText();
        auth = "Bearer " + token;
        assertThat(send("GET", "/version").statusCode()).isEqualTo(200);
        // A token signed with bob's password does not pass as alice's.
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"iss\":\"alice\"}".getBytes()) + "." + parts[2];
        auth = "Bearer " + forged;
        assertUnauthorized(send("GET", "/version"), "unauthorized: invalid token");
    }

    @Test
    void tokenWithoutConfiguredUsersIsRefused() {
        withServer(RestConfig.defaults(), () -> {
            HttpResponse<String> r = send("POST", "/token");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r.body()).get("message").asText()).isEqualTo("unauthorized");
        });
    }
}
