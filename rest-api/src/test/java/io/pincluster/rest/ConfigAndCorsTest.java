package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigAndCorsTest extends RestTestSupport {
    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("u", "p"));
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
}
