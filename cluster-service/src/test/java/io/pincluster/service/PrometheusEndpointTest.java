package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.MetricsSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.identity.PeerIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer with {@code metrics.enabled}: the scrape endpoint over real HTTP, with and without credentials. */
@Timeout(120)
class PrometheusEndpointTest {
    private static final String PASSWORD = "metrics-test-password";
    private static final String CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesPeerRaftHttpAndJvmMetersOnlyToAuthenticatedScrapers() throws Exception {
        ServiceConfig base = TestPeers.config("metrics");
        ServiceConfig config = base.withRestapi(base.restapi().withBasicAuth(Map.of("admin", PASSWORD)))
                .withMetrics(new MetricsSection(true, ListenAddress.loopback(0)))
                .withIpfsproxy(base.ipfsproxy().withEnabled(true).withListen(ListenAddress.loopback(0)));
        try (ClusterAssembly peer = ClusterAssembly.start(dir, config, PeerIdentity.generate())) {
            URI metrics = peer.metricsUrl().orElseThrow();
            assertThat(metrics.getPath()).isEqualTo("/metrics");
            assertThat(metrics.getPort()).isPositive();
            HttpResponse<String> pinned = send(HttpRequest.newBuilder(peer.restUrl().resolve("/pins/" + CID))
                    .header("Authorization", basic(PASSWORD)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(pinned.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = send(HttpRequest.newBuilder(peer.restUrl().resolve("/pins/not-a-cid"))
                    .header("Authorization", basic(PASSWORD)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(refused.statusCode()).isEqualTo(400);
            // one request to each of the other listeners: a PSA list without a token, a gateway read of a bad CID,
            // a proxy command
            assertThat(send(HttpRequest.newBuilder(peer.psaUrl().orElseThrow().resolve("/pins"))).statusCode())
                    .isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(peer.gatewayUrl().orElseThrow().resolve("/ipfs/not-a-cid")))
                    .statusCode()).isEqualTo(400);
            assertThat(send(HttpRequest.newBuilder(peer.proxyUrl().orElseThrow().resolve("/api/v0/version"))
                    .header("Authorization", basic(PASSWORD)).POST(HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(200);

            assertThat(send(HttpRequest.newBuilder(metrics)).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(metrics).header("Authorization", basic("wrong")))
                    .statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(metrics.resolve("/health"))).statusCode()).isEqualTo(204);
            // the listener's own refusals are the REST API's JSON errors, not Armeria's text
            HttpResponse<String> nowhere = send(HttpRequest.newBuilder(metrics.resolve("/nowhere"))
                    .header("Authorization", basic(PASSWORD)));
            assertThat(nowhere.statusCode()).isEqualTo(404);
            assertThat(nowhere.body()).isEqualTo("{\"code\":404,\"message\":\"not found\"}");
            HttpResponse<String> posted = send(HttpRequest.newBuilder(metrics).header("Authorization", basic(PASSWORD))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(posted.statusCode()).isEqualTo(405);
            assertThat(posted.body()).contains("\"message\":\"method not allowed\"");

            HttpResponse<String> scrape = send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", basic(PASSWORD)));
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String body = scrape.body();
            assertThat(value(body, "pincluster_pins")).isEqualTo(1.0);
            assertThat(value(body, "pincluster_pins_pin_add_total")).isEqualTo(1.0);
            assertThat(value(body, "pincluster_pins_pin_add_errors_total")).isEqualTo(0.0);
            assertThat(value(body, "pincluster_pin_queue_backlog")).as("nothing turned away by a full queue").isZero();
            assertThat(value(body, "pincluster_raft_is_leader")).isEqualTo(1.0);
            assertThat(value(body, "pincluster_raft_term")).isPositive();
            assertThat(value(body, "pincluster_raft_stalled_followers_total")).isZero();
            assertThat(value(body, "pincluster_raft_applied_index")).isPositive();
            assertThat(value(body, "pincluster_raft_commit_index"))
                    .isGreaterThanOrEqualTo(value(body, "pincluster_raft_applied_index"));
            // where the pin's write spent its time: queued for a batch, submitted once (to this leader's own Raft
            // server, or through the Raft client while the new leader was not ready yet), decided, committed, applied
            assertThat(value(body, stage("count", "queued"))).isEqualTo(1.0);
            assertThat(value(body, stage("count", "submit_local")) + value(body, stage("count", "submit_forwarded")))
                    .isEqualTo(1.0);
            assertThat(value(body, stage("count", "decide"))).isEqualTo(1.0);
            assertThat(value(body, stage("count", "commit"))).isEqualTo(1.0);
            assertThat(value(body, stage("sum", "commit"))).isPositive();
            assertThat(value(body, stage("count", "apply"))).isGreaterThanOrEqualTo(1.0);
            assertThat(body).contains("pincluster_pins_pin_queued ", "pincluster_pins_pinning ",
                    "pincluster_pins_pin_error ", "pincluster_blocks_added_total ",
                    "pincluster_blocks_added_size_total ", "pincluster_informer_freespace ",
                    "jvm_memory_used_bytes{", "process_uptime_seconds ");
            // the gateway's cache of blocks fetched from other peers: on, empty, at its default size
            assertThat(value(body, "pincluster_gateway_cache_max_bytes")).isEqualTo(256.0 * 1024 * 1024);
            assertThat(value(body, "pincluster_gateway_cache_bytes")).isZero();
            assertThat(value(body, "pincluster_gateway_cache_misses_total")).isZero();
            assertThat(body).contains("pincluster_gateway_cache_blocks ", "pincluster_gateway_cache_hits_total ",
                    "pincluster_gateway_cache_evictions_total ");
            // the self-healing: a one-peer cluster has itself up, and as leader nothing to repair
            assertThat(body).contains("pincluster_peers{state=\"down\"} 0.0", "pincluster_repair_under_replicated 0.0",
                    "pincluster_repair_lost 0.0", "pincluster_repair_queued 0.0", "pincluster_repair_repaired_total 0.0",
                    "pincluster_repair_moves_total{kind=\"rebalance\"} 0.0",
                    "pincluster_repair_moves_total{kind=\"disk_pressure\"} 0.0");
            // external pinning services: none configured, so none failing (the alert rule's meter exists anyway)
            assertThat(body).contains("pincluster_external_services_failing 0.0");
            // the cold tier is off here; the alert rules' names are exported all the same (DeployIT checks all)
            assertThat(body).contains("pincluster_cold_archive_backlog_pins 0.0",
                    "pincluster_cold_archive_failures_total 0.0", "pincluster_cold_hot_copies_failures_total 0.0",
                    "pincluster_cold_read_report_failures_total 0.0", "pincluster_cold_gc_failures_total 0.0");
            await().untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", basic(PASSWORD))).body()).contains("pincluster_peers{state=\"up\"} 1.0"));
            // the REST server's requests, by route and status (the bad CID is a 400 on the pin route)
            assertThat(body).containsPattern("pincluster_http_requests_total\\{api=\"rest\",[^}]*http_status=\"400\"");
            assertThat(body).containsPattern("pincluster_http_request_duration_seconds_count\\{api=\"rest\",[^}]*"
                    + "http_status=\"200\",method=\"POST\",route=\"/pins/[^\"]*cid[^\"]*\"\\}");
            // and the other listeners' in the same family, told apart by their api tag (a request's meters are
            // recorded when its log completes, which may be just after the client read the answer)
            await().untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", basic(PASSWORD))).body())
                    .containsPattern("pincluster_http_requests_total\\{api=\"psa\",[^}]*http_status=\"401\""
                            + "[^}]*route=\"/pins\"")
                    .containsPattern("pincluster_http_requests_total\\{api=\"gateway\",[^}]*"
                            + "http_status=\"400\",method=\"GET\",[^}]*route=\"/\\*\"")
                    .containsPattern("pincluster_http_request_duration_seconds_count\\{api=\"proxy\",[^}]*"
                            + "http_status=\"200\",method=\"POST\",route=\"/api/v0/version\"\\}"));

            // this peer's own health: ready (a one-peer group leads itself), its store's usage against the mark
            assertThat(value(body, "pincluster_ready")).isEqualTo(1.0);
            assertThat(value(body, "pincluster_disk_high_water_ratio")).isEqualTo(0.9);
            assertThat(value(body, "pincluster_disk_usage_ratio")).isBetween(0.0, 0.9);

            await().untilAsserted(() -> assertThat(value(send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", basic(PASSWORD))).body(), "pincluster_informer_freespace"))
                    .isPositive());
        }
    }

    /** The value of an untagged sample {@code name} in a Prometheus text exposition. */
    private static String stage(String part, String stage) {
        return "pincluster_pinset_write_stage_seconds_" + part + "{stage=\"" + stage + "\"}";
    }

    private static double value(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("sample %s in:%n%s", name, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
