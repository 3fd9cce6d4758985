package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementConfigTest {
    private static final String SECRET = "\"cluster\":{\"secret\":\"" + "ab".repeat(32) + "\"}";

    private static ServiceConfig parse(String sections, Map<String, String> env) {
        String json = "{" + SECRET + sections + "}";
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    @Test
    void defaultsAndRoundTrip() {
        ServiceConfig c = parse("", Map.of());
        assertThat(c.monitor()).isEqualTo(new MonitorSection(Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(c.allocator().allocateBy()).containsExactly("tag:zone", "freespace");
        assertThat(c.allocator().assumedPinSize()).isEqualTo(256 * 1024);

        ServiceConfig custom = parse(",\"monitor\":{\"interval\":\"1s\",\"ttl\":\"3s\"},\"allocator\":{"
                + "\"allocate_by\":[\"tag:rack\",\"pinqueue\",\"freespace\"],\"reserve\":\"1GB\"}", Map.of());
        assertThat(custom.monitor().ttl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(custom.allocator().allocateBy()).containsExactly("tag:rack", "pinqueue", "freespace");
        assertThat(custom.allocator().reserve()).isEqualTo(1_000_000_000L);
        ServiceConfig again = ServiceConfigFile.parse(ServiceConfigFile.toJson(custom, false)
                .getBytes(StandardCharsets.UTF_8), Map.of(), "again");
        assertThat(again.monitor()).isEqualTo(custom.monitor());
        assertThat(again.allocator()).isEqualTo(custom.allocator());
    }

    @Test
    void environmentOverridesTakeJsonLists() {
        ServiceConfig c = parse("", Map.of("PINCLUSTER_ALLOCATOR_ALLOCATE_BY", "[\"freespace\"]",
                "PINCLUSTER_MONITOR_TTL", "20s"));
        assertThat(c.allocator().allocateBy()).isEqualTo(List.of("freespace"));
        assertThat(c.monitor().ttl()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse(",\"monitor\":{\"interval\":\"10s\",\"ttl\":\"5s\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("monitor.ttl: must be longer");
        assertThatThrownBy(() -> parse(",\"allocator\":{\"allocate_by\":[]}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("allocator.allocate_by");
        assertThatThrownBy(() -> parse(",\"allocator\":{\"allocate_by\":\"freespace\"}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("allocator.allocate_by: must be a JSON array");
        assertThatThrownBy(() -> parse(",\"allocator\":{\"allocate_by\":[\"freespace\",\"freespace\"]}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names a metric twice");
    }
}
