package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restapi.request_timeout} and {@code gateway.request_timeout}: durations, validated, written back when set. */
class RequestTimeoutConfigTest {
    private static final String SECRET = "ab".repeat(32);

    private static ServiceConfig parse(String sections, Map<String, String> env) {
        return ServiceConfigFile.parse(("{\"cluster\":{\"secret\":\"" + SECRET + "\"}" + sections + "}")
                .getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    @Test
    void readsDurationsFromTheFileAndTheEnvironmentWithDefaults() {
        ServiceConfig c = parse(",\"restapi\":{\"request_timeout\":\"45s\"},"
                + "\"gateway\":{\"request_timeout\":\"1m30s\"}", Map.of());
        assertThat(c.restapi().requestTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.gateway().requestTimeout()).isEqualTo(Duration.ofSeconds(90));
        ServiceConfig d = parse("", Map.of());
        assertThat(d.restapi().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.gateway().requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(parse("", Map.of("PINCLUSTER_RESTAPI_REQUEST_TIMEOUT", "5s")).restapi().requestTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesZeroNegativeTooLongAndMalformedValues() {
        assertThatThrownBy(() -> parse(",\"restapi\":{\"request_timeout\":\"0s\"}", Map.of()))
                .hasMessageContaining("restapi").hasMessageContaining("request_timeout")
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> parse(",\"gateway\":{\"request_timeout\":\"25h\"}", Map.of()))
                .hasMessageContaining("gateway").hasMessageContaining("request_timeout")
                .hasMessageContaining("at most 24h");
        assertThatThrownBy(() -> parse(",\"restapi\":{\"request_timeout\":\"-5s\"}", Map.of()))
                .hasMessageContaining("request_timeout");
        assertThatThrownBy(() -> parse(",\"gateway\":{\"request_timeout\":\"soon\"}", Map.of()))
                .hasMessageContaining("request_timeout");
    }

    @Test
    void writesTheKeysBackOnlyWhenSet(@TempDir Path dir) throws Exception {
        ServiceConfig c = ServiceConfig.defaults("p0")
                .withRestapi(RestApiSection.defaults().withRequestTimeout(Duration.ofSeconds(40)))
                .withGateway(GatewaySection.defaults().withRequestTimeout(Duration.ofSeconds(20)));
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, c, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
        com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ServiceConfigFile.toJson(c, false));
        assertThat(written.path("restapi").path("request_timeout").asText()).isEqualTo("40s");
        assertThat(written.path("gateway").path("request_timeout").asText()).isEqualTo("20s");
        com.fasterxml.jackson.databind.JsonNode defaults = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ServiceConfigFile.toJson(ServiceConfig.defaults("p0"), false));
        assertThat(defaults.path("restapi").has("request_timeout")).as("a file from before the key reads the same")
                .isFalse();
        assertThat(defaults.path("gateway").has("request_timeout")).isFalse();
    }
}
