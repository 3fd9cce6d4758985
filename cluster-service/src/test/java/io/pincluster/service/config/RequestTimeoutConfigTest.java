package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restapi.request_timeout} and {@code gateway.request_timeout}: durations, validated, written with their defaults. */
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
    void writesTheKeysWithTheirDefaultsAndReadsFilesWithoutThem(@TempDir Path dir) throws Exception {
        ServiceConfig c = ServiceConfig.defaults("p0")
                .withRestapi(RestApiSection.defaults().withRequestTimeout(Duration.ofSeconds(40)))
                .withGateway(GatewaySection.defaults().withRequestTimeout(Duration.ofSeconds(20)));
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, c, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(ServiceConfigFile.toJson(c, false));
        assertThat(written.path("restapi").path("request_timeout").asText()).isEqualTo("40s");
        assertThat(written.path("gateway").path("request_timeout").asText()).isEqualTo("20s");

        ServiceConfig d = parse("", Map.of());
        for (boolean redact : new boolean[] {false, true}) {
            JsonNode defaults = json.readTree(ServiceConfigFile.toJson(d, redact));
            assertThat(defaults.path("restapi").path("request_timeout").asText()).as("redact=" + redact)
                    .isEqualTo("2m");
            assertThat(defaults.path("gateway").path("request_timeout").asText()).as("redact=" + redact)
                    .isEqualTo("1m");
        }
        ObjectNode old = (ObjectNode) json.readTree(ServiceConfigFile.toJson(d, false));
        ((ObjectNode) old.get("restapi")).remove("request_timeout");
        ((ObjectNode) old.get("gateway")).remove("request_timeout");
        assertThat(ServiceConfigFile.parse(old.toString().getBytes(StandardCharsets.UTF_8), Map.of(), "service.json"))
                .as("a file from before the keys reads with their defaults").isEqualTo(d);
    }
}
