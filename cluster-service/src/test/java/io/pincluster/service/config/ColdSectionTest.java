package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cold.ArchivePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cold} section (decision 0019): off by default, checked when on, its secret never printed. */
class ColdSectionTest {
    private static final String SECRET = "ab".repeat(32);
    private static final String S3_SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";

    private static ServiceConfig parse(String cold, Map<String, String> env) {
        String json = "{\"cluster\":{\"secret\":\"" + SECRET + "\"}" + (cold == null ? "" : ",\"cold\":" + cold)
                + "}";
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    private static String on(String policy) {
        return "{\"policy\":\"" + policy + "\",\"endpoint\":\"http://127.0.0.1:9000\",\"bucket\":\"archives-1\","
                + "\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + S3_SECRET + "\"}";
    }

    @Test
    void offByDefaultAndAbsentFromWrittenFiles() {
        ServiceConfig c = parse(null, Map.of());
        assertThat(c.cold().policy()).isEqualTo(ArchivePolicy.NONE);
        assertThat(c.cold().enabled()).isFalse();
        assertThat(ServiceConfigFile.toJson(c, false)).doesNotContain("\"cold\"");
    }

    @Test
    void aPolicyWithItsStoreIsReadAndWrittenBackWithTheSecretRedactedInTheLog(@TempDir Path dir) throws Exception {
        ServiceConfig c = parse(on("option"), Map.of("PINCLUSTER_COLD_CONCURRENT_JOBS", "4"));
        assertThat(c.cold().policy()).isEqualTo(ArchivePolicy.OPTION);
        assertThat(c.cold().concurrentJobs()).isEqualTo(4);
        assertThat(c.cold().s3().pathStyle()).isTrue();
        assertThat(c.cold().s3().endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(c.cold().keyPrefix()).isEqualTo("archives/");

        assertThat(ServiceConfigFile.toJson(c, true)).contains("\"secret_access_key\" : \"<redacted>\"")
                .doesNotContain(S3_SECRET);
        assertThat(c.cold().toString()).doesNotContain(S3_SECRET);
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, c, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
    }

    @Test
    void badValuesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> parse("{\"policy\":\"sometimes\"}", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cold.policy").hasMessageContaining("must be none, all or option");
        assertThatThrownBy(() -> parse("{\"policy\":\"all\"}", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cold.bucket: is required when the policy is all")
                .hasMessageContaining("cold.secret_access_key: is required");
        assertThatThrownBy(() -> parse(on("all").replace("archives-1", "Bad_Bucket"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_KEY_PREFIX", "no-slash")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.key_prefix");
        assertThatThrownBy(() -> parse(on("all").replace("http://127.0.0.1:9000",
                "http://user:" + S3_SECRET + "@127.0.0.1:9000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(S3_SECRET));
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_CONCURRENT_JOBS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.concurrent_jobs");
    }
}
