package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigAndCorsTest extends RestTestSupport {
    static final String ALLOWED = "http://example.test";

    @Override
    RestConfig config() {
        // CORS is off by default now (issue 13): this class allows the one origin its tests use.
        return RestConfig.defaults().withCredentials(Map.of("u", "p")).withCorsAllowedOrigins(List.of(ALLOWED));
    }

    @Test
    void emptyCredentialMapIsAConfigError() {
        assertThatThrownBy(() -> RestConfig.defaults().withCredentials(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty map");
        assertThatThrownBy(() -> RestConfig.defaults().withCredentials(Map.of("u", "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RestConfig.defaults().withCredentials(Map.of("u", "hunter2")).toString()).doesNotContain("hunter2");
        assertThat(RestConfig.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(RestConfig.defaults().port()).isEqualTo(9094);
    }

    @Test
    void corsPreflightNeedsNoCredentials() {
        HttpResponse<String> r = send("OPTIONS", "/id", HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", "http://example.test", "Access-Control-Request-Method", "GET"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("access-control-allow-origin")).isPresent();
        HttpResponse<String> refused = send("GET", "/id", HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", "http://example.test"));
        assertThat(refused.statusCode()).isEqualTo(401);
        // Browsers can only read the 401 when it carries the CORS headers too.
        assertThat(refused.headers().firstValue("access-control-allow-origin")).isPresent();
        auth = basic("u", "p");
        HttpResponse<String> get = send("GET", "/id", HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", "http://example.test"));
        assertThat(get.headers().firstValue("access-control-expose-headers").orElse(""))
                .containsIgnoringCase("X-Stream-Output");
    }

    @Test
    void aClientThatLeavesStopsTheProducer() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        api.statusStream = () -> Stream.iterate(0L, n -> n + 1).map(StreamingTest::item)
                .onClose(() -> closed.set(true));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/pins"))
                        .header("Authorization", basic("u", "p")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            assertThat(body.read()).isEqualTo('{');
        }
        await().atMost(Duration.ofSeconds(20)).untilTrue(closed);
    }

    @Test
    void anOriginNotAllowedGetsNoCorsHeaders() {
        auth = basic("u", "p");
        for (String method : new String[] {"GET", "OPTIONS"}) {
            HttpResponse<String> r = send(method, "/id", HttpRequest.BodyPublishers.noBody(),
                    Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
            assertThat(r.headers().map().keySet()).as(method).noneMatch(h -> h.startsWith("access-control-"));
        }
        HttpResponse<String> preflight = send("OPTIONS", "/pins", HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
        assertThat(preflight.body()).isEmpty();
    }

    @Test
    void anAllowedOriginIsEchoedNeverAStar() {
        HttpResponse<String> r = send("OPTIONS", "/pins", HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", ALLOWED, "Access-Control-Request-Method", "GET"));
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains(ALLOWED);
        assertThat(r.headers().firstValue("access-control-allow-credentials")).contains("true");
        assertThat(r.body()).as("a preflight carries no data").isEmpty();
    }

    @Test
    void optionsWithoutCredentialsCarriesNoData() {
        for (String path : new String[] {"/pins", "/id", "/peers", "/allocations"}) {
            HttpResponse<String> r = send("OPTIONS", path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).doesNotContain(FakeClusterApi.PEER_A.toString()).contains("no auth provided");
        }
    }

    @Test
    void corsIsOffByDefault() {
        assertThat(RestConfig.defaults().corsAllowedOrigins()).isEmpty();
        withServer(RestConfig.defaults(), () -> {
            HttpResponse<String> r = send("OPTIONS", "/id", HttpRequest.BodyPublishers.noBody(),
                    Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
            assertThat(r.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
            HttpResponse<String> get = send("GET", "/id", HttpRequest.BodyPublishers.noBody(),
                    Map.of("Origin", "https://evil.example"));
            assertThat(get.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
        });
    }

    @Test
    void aStarNeverComesWithCredentials() {
        withServer(RestConfig.defaults().withCorsAllowedOrigins(List.of("*")), () -> {
            HttpResponse<String> r = send("GET", "/id", HttpRequest.BodyPublishers.noBody(),
                    Map.of("Origin", "https://anywhere.example"));
            assertThat(r.headers().firstValue("access-control-allow-origin")).isPresent();
            assertThat(r.headers().firstValue("access-control-allow-credentials")).isEmpty();
        });
    }
}
