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
    void offByDefaultAndWrittenWithItsDefaults() {
        ServiceConfig c = parse(null, Map.of());
        assertThat(c.cold().policy()).isEqualTo(ArchivePolicy.NONE);
        assertThat(c.cold().enabled()).isFalse();
        assertThat(ServiceConfigFile.toJson(c, true)).as("written like every section, the empty secret as is")
                .contains("\"cold\" : {", "\"policy\" : \"none\"", "\"secret_access_key\" : \"\"");
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

    /** Archive garbage collection (decision 0021): hourly with a day's grace unless set, 0 turns it off. */
    @Test
    void garbageCollectionSettingsHaveDefaultsOverridesAndChecks() {
        ServiceConfig c = parse(on("all"), Map.of());
        assertThat(c.cold().gcInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(c.cold().gcGrace()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(c.cold().gcEnabled()).isTrue();
        assertThat(ServiceConfigFile.toJson(c, true)).contains("\"gc_interval\" : \"1h\"")
                .contains("\"gc_grace\" : \"24h\"");

        ServiceConfig set = parse(on("all"), Map.of("PINCLUSTER_COLD_GC_INTERVAL", "0s",
                "PINCLUSTER_COLD_GC_GRACE", "90m"));
        assertThat(set.cold().gcEnabled()).isFalse();
        assertThat(set.cold().gcGrace()).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(set.cold().uploadGrace()).as("never shorter than a day").isEqualTo(java.time.Duration.ofDays(1));
        assertThat(parse(on("all"), Map.of("PINCLUSTER_COLD_GC_GRACE", "72h")).cold().uploadGrace())
                .isEqualTo(java.time.Duration.ofHours(72));

        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_GC_GRACE", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.gc_grace: must be positive");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_GC_INTERVAL", "hourly")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.gc_interval");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_GC_INTERVAL", "-1h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.gc_interval");
        assertThat(parse(on("all"), Map.of("PINCLUSTER_COLD_GC_INTERVAL", "0s")).cold().gcEnabled())
                .as("0 turns the collection off").isFalse();
    }

    /** A loop's period below the schedulers' millisecond would stop the peer at start: refused in the file. */
    @Test
    void periodsUnderAMillisecondAreRefusedByName() {
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_SCAN_INTERVAL", "500us")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.scan_interval: must be at least 1ms");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_GC_INTERVAL", "500us")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cold.gc_interval: must be 0 (off) or at least 1ms");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_READ_REPORT_INTERVAL", "999us")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.read_report_interval");
        assertThat(parse(on("all"), Map.of("PINCLUSTER_COLD_SCAN_INTERVAL", "1ms")).cold().scanInterval())
                .isEqualTo(java.time.Duration.ofMillis(1));
    }

    /** Decision 0024: the archive as a copy and the hot copy drop are off unless set; the drop needs its reports. */
    @Test
    void coldCopySettingsHaveDefaultsOverridesAndChecks(@TempDir Path dir) throws Exception {
        ServiceConfig c = parse(on("all"), Map.of());
        assertThat(c.cold().archiveCountsAsCopy()).isFalse();
        assertThat(c.cold().dropHotAfter()).isZero();
        assertThat(c.cold().dropsHotCopies()).isFalse();
        assertThat(c.cold().readReportInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(ServiceConfigFile.toJson(c, true)).contains("\"archive_counts_as_copy\" : false")
                .contains("\"drop_hot_after\" : \"0s\"").contains("\"read_report_interval\" : \"1m\"");

        ServiceConfig set = parse(on("option").replace("}", ",\"archive_counts_as_copy\":true,"
                + "\"drop_hot_after\":\"720h\"}"), Map.of("PINCLUSTER_COLD_READ_REPORT_INTERVAL", "5m"));
        assertThat(set.cold().archiveCountsAsCopy()).isTrue();
        assertThat(set.cold().dropHotAfter()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(set.cold().dropsHotCopies()).isTrue();
        assertThat(set.cold().readReportInterval()).isEqualTo(java.time.Duration.ofMinutes(5));
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, set, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(set);

        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_DROP_HOT_AFTER", "90s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cold.drop_hot_after: must be 0 or at least twice read_report_interval (1m)");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_DROP_HOT_AFTER", "-1h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.drop_hot_after");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_READ_REPORT_INTERVAL", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.read_report_interval: must be "
                        + "at least 1ms");
        assertThatThrownBy(() -> parse(on("all"), Map.of("PINCLUSTER_COLD_ARCHIVE_COUNTS_AS_COPY", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cold.archive_counts_as_copy");
    }
}
