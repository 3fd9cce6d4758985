package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section {@code external} (decision 0020): services read and checked, tokens never shown. */
class ExternalConfigTest {
    private static final String SECRET = "ab".repeat(32);
    private static final String TOKEN = "tok-3f9a-very-secret";

    private static ServiceConfig parse(String external, Map<String, String> env) {
        String json = "{\"cluster\":{\"secret\":\"" + SECRET + "\"}" + (external.isEmpty() ? "" : ",\"external\":"
                + external) + "}";
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    private static String service(String name, String url) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"token\":\"" + TOKEN + "\"}";
    }

    @Test
    void withoutTheSectionThereAreNoServicesAndNoCopies() {
        ExternalSection x = parse("", Map.of()).external();

        assertThat(x.enabled()).isFalse();
        assertThat(x.copies()).isZero();
        assertThat(x.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServiceConfigFile.toJson(parse("", Map.of()), false))
                .as("written with its defaults, like every section").contains("\"external\" : {")
                .contains("\"copies\" : 0", "\"services\" : [ ]");
    }

    @Test
    void servicesAreReadFromTheFileOrTheEnvironmentWithTheTrailingSlashDropped() {
        ExternalSection x = parse("{\"copies\":1,\"services\":[" + service("pinata", "https://api.pinata.cloud/psa/")
                + "],\"interval\":\"10s\"}", Map.of()).external();
        ExternalSection fromEnv = parse("", Map.of("PINCLUSTER_EXTERNAL_SERVICES", "[" + service("b",
                "http://127.0.0.1:9097") + "]")).external();

        assertThat(x.copies()).isEqualTo(1);
        assertThat(x.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(x.services()).containsExactly(new ExternalSection.Service("pinata",
                URI.create("https://api.pinata.cloud/psa"), TOKEN));
        assertThat(fromEnv.services().get(0).url()).isEqualTo(URI.create("http://127.0.0.1:9097"));
    }

    @Test
    void badUrlsAreRefusedAtStartWithAClearMessageNamingTheEntry() {
        assertThatThrownBy(() -> parse("{\"services\":[" + service("a", "ftp://x.example") + ","
                + service("b", "not a url") + "," + service("c", "https://user:pw@x.example") + ","
                + service("d", "https://x.example/psa?x=1") + "," + service("e", "/pins") + "]}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("external.services[0].url: 'ftp://x.example' must be an http:// or https:// URL")
                .hasMessageContaining("external.services[1].url: is not a URL")
                .hasMessageContaining("external.services[2].url: must not hold credentials")
                .hasMessageContaining("external.services[3].url: 'https://x.example/psa?x=1' must not have a query")
                .hasMessageContaining("external.services[4].url: '/pins' must be an http:// or https:// URL")
                .message().doesNotContain("pw@").doesNotContain(TOKEN);
    }

    @Test
    void namesTokensAndCopiesAreChecked() {
        assertThatThrownBy(() -> parse("{\"copies\":2,\"services\":[" + service("a b", "http://x") + ","
                + "{\"name\":\"c\",\"url\":\"http://y\"}," + service("d", "http://z") + "," + service("d", "http://w")
                + "]}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("external.services[0].name: must be 1 to 64 of")
                .hasMessageContaining("external.services[1].token: is required")
                .hasMessageContaining("external.services: name 'd' is used twice");
        assertThatThrownBy(() -> parse("{\"copies\":2,\"services\":[" + service("a", "http://x") + "]}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("external.copies: asks for 2 external copies but 1 service(s) are configured");
    }

    @Test
    void periodsUnderAMillisecondAreRefused() {
        assertThatThrownBy(() -> parse("{\"services\":[" + service("a", "http://x") + "],\"interval\":\"500us\","
                + "\"sweep_interval\":\"0s\"}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("external.interval: must be at least 1ms")
                .hasMessageContaining("external.sweep_interval: must be at least 1ms");
    }

    @Test
    void theTokenIsRedactedInTheLoggedConfigurationAndInToStringButKeptInTheFile(@TempDir Path dir)
            throws Exception {
        ServiceConfig c = parse("{\"services\":[" + service("b", "http://127.0.0.1:9097") + "]}", Map.of());

        assertThat(ServiceConfigFile.toJson(c, true)).contains("\"name\" : \"b\"").doesNotContain(TOKEN)
                .contains(ServiceConfigFile.REDACTED);
        assertThat(c.toString()).doesNotContain(TOKEN);
        assertThat(c.external().services().get(0).toString()).doesNotContain(TOKEN);
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, c, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
        assertThat(List.of(c.external().services().get(0).token())).containsExactly(TOKEN);
    }
}
