package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.rest.json.ExportedPins;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /state/import}: a state export (what {@code GET /allocations} writes, or ipfs-cluster's
 * {@code state export}) pinned again with each pin's own options; the source cluster's allocations are not kept.
 */
class StateImportRouteTest extends RestTestSupport {
    private static final Cid WEBSITE = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    private static final Cid EVERYWHERE = Cid.parse("QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB");
    private static final Cid LEGACY = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

    private HttpResponse<String> post(String query, String body) {
        return send("POST", "/state/import" + query, HttpRequest.BodyPublishers.ofString(body),
                Map.of("Content-Type", "application/x-ndjson"));
    }

    @Test
    void anIpfsClusterStateExportImportsWithEachPinsOptions() throws IOException {
        HttpResponse<String> r = post("", resource("/state/ipfs-cluster-export.ndjson"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).get("imported").asInt()).isEqualTo(3);
        assertThat(json(r.body()).get("failed").asInt()).isZero();
        assertThat(api.pinset).containsOnlyKeys(WEBSITE, EVERYWHERE, LEGACY);
        PinOptions website = api.pinset.get(WEBSITE).options();
        assertThat(website.name()).isEqualTo("website");
        assertThat(List.of(website.replicationMin(), website.replicationMax())).containsExactly(2, 3);
        assertThat(website.metadata()).containsExactly(Map.entry("app", "x"));
        assertThat(website.expireAt()).isNull();
        PinOptions everywhere = api.pinset.get(EVERYWHERE).options();
        assertThat(everywhere.mode()).isEqualTo(PinMode.DIRECT);
        assertThat(List.of(everywhere.replicationMin(), everywhere.replicationMax())).containsExactly(-1, -1);
        assertThat(everywhere.expireAt()).isEqualTo(Instant.parse("2031-01-02T03:04:05Z"));
        assertThat(everywhere.origins()).hasSize(1);
        assertThat(api.pinset.get(LEGACY).options().mode()).isEqualTo(PinMode.RECURSIVE);
    }

    @Test
    void whatGetAllocationsExportsImportsBackToTheSameOptions() {
        api.pin(WEBSITE, new PinOptions(1, 2, "one", PinMode.RECURSIVE, 0, List.of(), Instant.parse(
                "2030-05-06T07:08:09Z"), Map.of("k", "v"), null, List.of())).join();
        api.pin(LEGACY, new PinOptions(0, 0, "two", PinMode.DIRECT, 0, List.of(), null, Map.of(), null,
                List.of())).join();
        Map<Cid, PinOptions> exported = new HashMap<>();
        api.pinset.values().forEach(p -> exported.put(p.cid(), p.options()));
        HttpResponse<String> export = send("GET", "/allocations");
        assertThat(export.statusCode()).isEqualTo(200);
        api.reset();

        HttpResponse<String> r = post("", export.body());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<Cid, PinOptions> imported = new HashMap<>();
        api.pinset.values().forEach(p -> imported.put(p.cid(), p.options()));
        assertThat(imported).isEqualTo(exported);
    }

    @Test
    void replicationInTheQueryReplacesEveryPinsOwn() throws IOException {
        HttpResponse<String> r = post("?replication-min=1&replication-max=1",
                resource("/state/ipfs-cluster-export.ndjson"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(api.pinset.values()).extracting(Pin::options)
                .allSatisfy(o -> assertThat(List.of(o.replicationMin(), o.replicationMax())).containsExactly(1, 1));
    }

    @Test
    void oneBadLineRejectsTheWholeImportNamingTheLine() {
        String good = "{\"cid\":\"" + WEBSITE + "\",\"type\":\"pin\"}";
        Map<String, String> bad = Map.of(
                "{\"cid\":\"bafyNOTACID\"}", "line 2",
                "{\"cid\":\"" + LEGACY + "\",\"type\":\"meta-pin\"}", "only data pins",
                "not json", "not JSON",
                "[1,2]", "expected a JSON object",
                "{\"name\":\"no cid\"}", "no \\\"cid\\\"",
                "{\"cid\":\"" + LEGACY + "\",\"mode\":\"shallow\"}", "line 2",
                "{\"cid\":\"" + LEGACY + "\",\"metadata\":{\"k\":1}}", "metadata.k",
                "{\"cid\":\"" + LEGACY + "\",\"expire_at\":\"tomorrow\"}", "expire_at",
                "{\"cid\":\"" + LEGACY + "\",\"replication_factor_min\":3,\"replication_factor_max\":2}", "line 2");
        bad.forEach((line, why) -> {
            HttpResponse<String> r = post("", good + "\n" + line + "\n");
            assertThat(r.statusCode()).as("%s: %s", line, r.body()).isEqualTo(400);
            assertThat(r.body()).as(line).contains(why);
        });
        assertThat(post("", "\n\n").statusCode()).isEqualTo(400);
        assertThat(post("?replication-min=-2", good).statusCode()).isEqualTo(400);
        assertThat(post("", (good + "\n").repeat(ExportedPins.MAX_PINS + 1)).body())
                .contains("more than " + ExportedPins.MAX_PINS);
        assertThat(api.writes).isEmpty();
    }

    @Test
    void pinsTheClusterRefusesAreCountedAndListedWithTheirLine() {
        api.failingPins.add(LEGACY);
        HttpResponse<String> r = post("", "{\"cid\":\"" + WEBSITE + "\"}\n{\"cid\":\"" + LEGACY + "\"}");

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = json(r.body());
        assertThat(body.get("imported").asInt()).isEqualTo(1);
        assertThat(body.get("failed").asInt()).isEqualTo(1);
        assertThat(body.get("message").asText()).contains("1 of 2 pins failed", "no quorum");
        assertThat(body.get("failures").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(body.get("failures").get(0).get("cid").asText()).isEqualTo(LEGACY.toString());
        assertThat(api.pinset).containsOnlyKeys(WEBSITE);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StateImportRouteTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
