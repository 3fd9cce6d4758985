package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.ReadinessApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health/ready}: 200 while the peer is ready, 503 with the reason while it is not, each check shown, and
 * no credentials needed even when the API requires them (a load balancer's probe has none), unlike the rest of
 * {@code /health/*} but {@code /health/live}, which answers while the process serves HTTP.
 */
class ReadinessRouteTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersReadyOrNotWithTheReasonAndNeedsNoCredentials() throws Exception {
        AtomicReference<String> problem = new AtomicReference<>();
        ClusterApi all = ClusterApi.of(new FakeClusterApi());
        ClusterApi api = new ClusterApi(all.peers(), all.pins(), all.status(), all.adds(), all.monitor(), all.gc(),
                all.repair(), () -> Optional.ofNullable(problem.get()));
        RestConfig config = RestConfig.defaults().withPort(0).withCredentials(Map.of("admin", "secret"));
        RestApiServer server = new RestApiServer(config, api).start();
        try {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> ready = get(base + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready).get("ready").asBoolean()).isTrue();
            assertThat(json(ready).has("reason")).isFalse();

            problem.set("the block store is full: storing x would exceed the storage maximum");
            HttpResponse<String> notReady = get(base + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(json(notReady).get("ready").asBoolean()).isFalse();
            assertThat(json(notReady).get("reason").asText()).isEqualTo(problem.get());

            assertThat(get(base + "/health/repair").statusCode()).as("other health routes keep their auth")
                    .isEqualTo(401);
        } finally {
            server.stop();
        }
    }

    @Test
    void showsEveryCheckForPeopleAndGivesTheFirstFailingOneAsTheReason() throws Exception {
        ReadinessApi twoChecks = new ReadinessApi() {
            @Override
            public Optional<String> notReadyReason() {
                return Optional.of("no known Raft leader");
            }

            @Override
            public List<Check> checks() {
                return List.of(new Check("raft", true, "member of a Raft group of 3"),
                        new Check("leader", false, "no known Raft leader"),
                        new Check("disk", false, "at the high-water mark"));
            }
        };
        ClusterApi all = ClusterApi.of(new FakeClusterApi());
        ClusterApi api = new ClusterApi(all.peers(), all.pins(), all.status(), all.adds(), all.monitor(), all.gc(),
                all.repair(), twoChecks);
        RestApiServer server = new RestApiServer(RestConfig.defaults().withPort(0), api).start();
        try {
            HttpResponse<String> notReady = get("http://127.0.0.1:" + server.port() + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode body = json(notReady);
            assertThat(body.get("reason").asText()).isEqualTo("no known Raft leader");
            assertThat(body.get("checks").get("raft").get("ok").asBoolean()).isTrue();
            assertThat(body.get("checks").get("raft").get("detail").asText()).isEqualTo("member of a Raft group of 3");
            assertThat(body.get("checks").get("leader").get("ok").asBoolean()).isFalse();
            assertThat(body.get("checks").get("disk").get("detail").asText()).isEqualTo("at the high-water mark");
        } finally {
            server.stop();
        }
    }

    @Test
    void livenessAnswers200WithoutCredentialsWhileTheCheckIsNotReady() throws Exception {
        ClusterApi all = ClusterApi.of(new FakeClusterApi());
        ClusterApi api = new ClusterApi(all.peers(), all.pins(), all.status(), all.adds(), all.monitor(), all.gc(),
                all.repair(), () -> Optional.of("no known Raft leader"));
        RestConfig config = RestConfig.defaults().withPort(0).withCredentials(Map.of("admin", "secret"));
        RestApiServer server = new RestApiServer(config, api).start();
        try {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> live = get(base + "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live).get("live").asBoolean()).isTrue();
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(base + "/health").statusCode()).as("ipfs-cluster's bare health check").isEqualTo(204);
        } finally {
            server.stop();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return new ObjectMapper().readTree(r.body());
    }
}
