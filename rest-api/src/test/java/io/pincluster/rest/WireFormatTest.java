package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.component.AddedOutput;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.WireTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    @Test
    void timesPrintLikeGoRfc3339Nano() {
        assertThat(WireTime.format(null)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(WireTime.format(Instant.EPOCH)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(WireTime.format(Instant.parse("2024-05-06T10:00:00Z"))).isEqualTo("2024-05-06T10:00:00Z");
        assertThat(WireTime.format(Instant.parse("2024-05-06T10:00:00.100Z"))).isEqualTo("2024-05-06T10:00:00.1Z");
        assertThat(WireTime.format(Instant.parse("2024-05-06T10:00:00.000000007Z")))
                .isEqualTo("2024-05-06T10:00:00.000000007Z");
        assertThat(WireTime.format(Instant.parse("2024-05-06T10:00:00.000120Z"))).isEqualTo("2024-05-06T10:00:00.00012Z");
        assertThat(WireTime.format(Instant.parse("2024-05-06T10:00:00.123456789Z")))
                .isEqualTo("2024-05-06T10:00:00.123456789Z");
    }

    @Test
    void addedOutputOmitsEmptyFieldsButKeepsANullCid() {
        String progress = new String(JsonWire.bytes(JsonWire.addedOutput(
                new AddedOutput("f", null, 10, 0, List.of()))), StandardCharsets.UTF_8);
        assertThat(progress).isEqualTo("{\"name\":\"f\",\"cid\":null,\"bytes\":10}");
    }

    @Test
    void externalHoldersAreAFieldOfTheirOwnLeftOutWhenEmpty() {
        io.pincluster.core.cid.Cid cid = io.pincluster.core.cid.Cid.parse(
                "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        io.pincluster.core.pin.GlobalPinInfo plain = io.pincluster.core.pin.GlobalPinInfo.of(cid, null,
                java.util.Map.of());
        String without = new String(JsonWire.bytes(JsonWire.globalPinInfo(plain)), StandardCharsets.UTF_8);
        assertThat(without).doesNotContain("external");

        String with = new String(JsonWire.bytes(JsonWire.globalPinInfo(plain.withExternal(java.util.Map.of(
                "partner", new io.pincluster.core.pin.ExternalHolder("pinned", "r1",
                        Instant.parse("2026-12-04T18:00:00Z"), ""),
                "down", new io.pincluster.core.pin.ExternalHolder("error", "", Instant.parse("2026-12-04T18:00:01Z"),
                        "down: GET /pins failed: ConnectException"))))), StandardCharsets.UTF_8);
        assertThat(with).endsWith("\"peer_map\":{},\"external\":{"
                + "\"down\":{\"status\":\"error\",\"timestamp\":\"2026-12-04T18:00:01Z\","
                + "\"error\":\"down: GET /pins failed: ConnectException\"},"
                + "\"partner\":{\"status\":\"pinned\",\"request_id\":\"r1\","
                + "\"timestamp\":\"2026-12-04T18:00:00Z\","
                + "\"error\":\"\"}}}");
    }
}
