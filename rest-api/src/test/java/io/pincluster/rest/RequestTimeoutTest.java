package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code restapi.request_timeout}: a request that takes longer is ended with 503 and says which limit it hit. */
class RequestTimeoutTest extends RestTestSupport {
    @Test
    void aShortConfiguredTimeoutEndsASlowRequestWith503() {
        Cid slow = FakeClusterApi.cid("never committed");
        api.hangingPins.add(slow);
        withServer(RestConfig.defaults().withRequestTimeout(Duration.ofMillis(400)), () -> {
            long start = System.nanoTime();
            HttpResponse<String> r = send("POST", "/pins/" + slow);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(json(r.body()).get("message").asText())
                    .isEqualTo("request took longer than the limit of 400ms (restapi.request_timeout)");
            assertThat(tookMs).as("ended by the configured limit, not the default two minutes").isLessThan(30_000);
            assertThat(send("GET", "/id").statusCode()).as("other requests are served").isEqualTo(200);
        });
    }

    @Test
    void theDefaultIsTwoMinutesAndABadValueIsRefused() {
        assertThat(RestConfig.defaults().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> RestConfig.defaults().withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request timeout must be positive");
    }
}
