package io.pincluster.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.DumpOnFailure;
import io.pincluster.it.cluster.ProcessPeer;
import io.pincluster.it.cluster.ProcessSignals;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.service.config.ClusterSection;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's deploy test: the compose recipe run as processes on loopback. Three peers started by
 * {@code pincluster run} with the environment their containers get ({@link DeployRecipe}: peer.env plus their
 * compose variables, zones z1-z3; peer2 and peer3 initialise themselves and join through peer1 via
 * {@code PINCLUSTER_BOOTSTRAP}), behind Debian's HAProxy configured by {@code deploy/haproxy/haproxy.cfg}. Pins and
 * gateway reads go through the balancer; {@code kill -STOP} of a peer makes its {@code /health/ready} check time
 * out, so HAProxy takes it out of rotation while pins and reads go on through the others; {@code kill -CONT} brings
 * it back. Then the monitoring kit's metric names are checked against a peer's real {@code /metrics}, and the JSON
 * log format the recipes set against the peers' logs.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class DeployIT {
    private static final List<String> PEERS = List.of("peer1", "peer2", "peer3");
    private static final String PASSWORD = "deploy-it-password";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration BALANCER = Duration.ofSeconds(30);
    private static final Pattern METRIC = Pattern.compile("\\bpincluster_[a-z0-9_]+");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, ProcessPeer> peers = new LinkedHashMap<>();
    private DeployRecipe recipe;

    @Test
    void threeZonesBehindHaproxyAFrozenPeerLeavesRotationAndReadsGoOnUntilItComesBack() throws Exception {
        assumeTrue(onPath("haproxy"), "haproxy is not installed (Debian package haproxy; .ci/run installs it): "
                + "skipping the deploy test");
        Path deployDir = Path.of(System.getProperty("deploy.dir", "../deploy"));
        recipe = DeployRecipe.read(deployDir, Map.of("PINCLUSTER_CLUSTER_SECRET", ClusterSection.newSecret(),
                "PINCLUSTER_ADMIN_PASSWORD", PASSWORD));
        Map<String, String> lbEnv = recipe.environment("lb");
        HaproxyProcess lb = null;
        try {
            // peer1 first: compose starts the others once it is healthy (depends_on: service_healthy)
            start("peer1");
            awaitReady("peer1", START);
            start("peer2");
            start("peer3");
            for (String p : PEERS) {
                awaitReady(p, START);
            }
            lb = HaproxyProcess.start(recipe.haproxyConfig(), lbEnv, dir.resolve("haproxy.log"),
                    lbEnv.get("LB_STATS_BIND"));
            HaproxyProcess balancer = lb;
            await("every peer in rotation").atMost(BALANCER).pollInterval(Duration.ofMillis(250))
                    .failFast("haproxy exited", () -> !balancer.alive())
                    .until(() -> PEERS.stream().allMatch(p -> balancer.serverStatus("rest", p).orElse("")
                            .equals("UP")));

            RestClient api = new RestClient(URI.create("http://" + lbEnv.get("LB_REST_BIND")), "admin", PASSWORD);
            URI gateway = URI.create("http://" + lbEnv.get("LB_GATEWAY_BIND"));
            assertThat(zones(api)).containsExactlyInAnyOrder("z1", "z2", "z3");
            assertThat(api.get("/peers").lines()).as("one cluster of three, peer2 and peer3 self-registered")
                    .hasSize(3);

            byte[] before = content("before the freeze");
            String first = add(api, "before.bin", before);
            await("the first pin on all three peers").atMost(START).pollInterval(Duration.ofMillis(500))
                    .until(() -> pinnedOn(api, first) == 3);
            assertThat(read(gateway, first)).isEqualTo(before);

            String frozen = aFollower();
            long pid = peers.get(frozen).pid().orElseThrow();
            ProcessSignals.freeze(pid);
            await(frozen + " out of rotation").atMost(BALANCER).pollInterval(Duration.ofMillis(250))
                    .until(() -> balancer.serverStatus("rest", frozen).orElse("").startsWith("DOWN")
                            && balancer.serverStatus("gateway", frozen).orElse("").startsWith("DOWN"));
            assertThat(readiness(frozen, Duration.ofSeconds(2))).as("a frozen peer's readiness check times out")
                    .isEqualTo(-1);
            for (int i = 0; i < 10; i++) {
                assertThat(read(gateway, first)).as("gateway read %d through the balancer", i).isEqualTo(before);
                assertThat(api.get("/pins/" + first).status()).as("status read %d", i).isEqualTo(200);
            }
            byte[] during = content("while a peer is frozen");
            String second = add(api, "during.bin", during);
            await("the second pin on the two live peers").atMost(START).pollInterval(Duration.ofMillis(500))
                    .until(() -> pinnedOn(api, second) >= 2);
            assertThat(read(gateway, second)).isEqualTo(during);

            ProcessSignals.thaw(pid);
            await(frozen + " back in rotation").atMost(BALANCER.multipliedBy(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> balancer.serverStatus("rest", frozen).orElse("").equals("UP"));
            assertThat(readiness(frozen, Duration.ofSeconds(5))).isEqualTo(200);
            for (int i = 0; i < 6; i++) {
                assertThat(read(gateway, second)).isEqualTo(during);
            }

            assertMonitoringKitNamesRealMetrics(deployDir);
            assertJsonLogs();
        } finally {
            DumpOnFailure.record(dump(lb));
            if (lb != null) {
                lb.close();
            }
            peers.values().forEach(ProcessPeer::kill);
        }
    }

    /** Every {@code pincluster_*} name the alert rules and the dashboard query is one a running peer exports. */
    private void assertMonitoringKitNamesRealMetrics(Path deployDir) throws IOException {
        String metricsAddress = recipe.address("peer1", 8888);
        RestClient scrape = new RestClient(URI.create("http://" + metricsAddress), "admin", PASSWORD);
        RestClient.Answer metrics = scrape.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        Set<String> exported = metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        for (String kit : List.of("monitoring/alerts.yml", "monitoring/grafana-dashboard.json")) {
            Set<String> used = new TreeSet<>();
            Matcher m = METRIC.matcher(Files.readString(deployDir.resolve(kit)));
            while (m.find()) {
                used.add(m.group());
            }
            assertThat(used).as(kit).isNotEmpty();
            assertThat(exported).as("metrics %s uses", kit).containsAll(used);
        }
    }

    /** The recipes set PINCLUSTER_LOG_FORMAT=json: the peers' log records are JSON objects. */
    private void assertJsonLogs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(peers.get("peer2").log()).stream()
                .filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("JSON log records of peer2").isNotEmpty();
        JsonNode record = json.readTree(lines.get(0));
        assertThat(record.has("level")).isTrue();
        assertThat(record.has("loggerName")).isTrue();
        assertThat(lines.stream().anyMatch(l -> l.contains("joining the cluster through"))).isTrue();
    }

    private void start(String peer) throws IOException {
        peers.put(peer, ProcessPeer.run(dir.resolve(peer), ClusterOptions.processes(3).javaOpts(),
                recipe.environment(peer)));
    }

    private void awaitReady(String peer, Duration atMost) {
        ProcessPeer process = peers.get(peer);
        await(peer + " ready").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .failFast(peer + " exited", () -> !process.alive())
                .until(() -> readiness(peer, Duration.ofSeconds(5)) == 200);
    }

    /** The status of {@code GET /health/ready} on the peer itself (no credentials), -1 without an answer in time. */
    private int readiness(String peer, Duration timeout) {
        URI uri = URI.create("http://" + recipe.address(peer, 9094) + "/health/ready");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A peer that is not the Raft leader: freezing it leaves the cluster a leader, so pins go on. */
    private String aFollower() {
        for (String p : PEERS) {
            RestClient direct = new RestClient(URI.create("http://" + recipe.address(p, 9094)), "admin", PASSWORD);
            JsonNode raft = direct.raft();
            if (raft != null && !raft.path("role").asText().equals("leader")) {
                return p;
            }
        }
        throw new AssertionError("no follower among " + PEERS);
    }

    private static List<String> zones(RestClient api) {
        RestClient.Answer a = api.get("/monitor/metrics/tag:zone");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<String> zones = new ArrayList<>();
        a.json().forEach(m -> zones.add(m.path("value").asText()));
        return zones;
    }

    private static String add(RestClient api, String name, byte[] bytes) {
        RestClient.Answer a = api.add(name, bytes, "");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<JsonNode> lines = a.lines();
        String cid = lines.get(lines.size() - 1).path("cid").asText("");
        assertThat(cid).as(a.body()).isNotEmpty();
        return cid;
    }

    /** Peers whose status of {@code cid}, as the balanced REST API answers, is {@code pinned}. */
    private static int pinnedOn(RestClient api, String cid) {
        RestClient.Answer a = api.get("/pins/" + cid);
        if (a.status() != 200) {
            return 0;
        }
        int pinned = 0;
        for (JsonNode peer : a.json().path("peer_map")) {
            pinned += peer.path("status").asText().equals("pinned") ? 1 : 0;
        }
        return pinned;
    }

    private byte[] read(URI gateway, String cid) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(gateway.resolve("/ipfs/" + cid))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET /ipfs/%s through the balancer", cid).isEqualTo(200);
        return r.body();
    }

    private static byte[] content(String label) {
        return ("deploy test content, " + label + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private String dump(HaproxyProcess lb) {
        StringBuilder b = new StringBuilder("=== DeployIT (" + dir + ") ===\n");
        peers.forEach((name, p) -> {
            b.append(name).append(p.alive() ? " alive" : " DOWN").append('\n');
            try {
                p.logTail(30).forEach(l -> b.append("    | ").append(l).append('\n'));
            } catch (IOException e) {
                b.append("    (log unreadable)\n");
            }
        });
        if (lb != null) {
            b.append("haproxy:\n").append(lb.logText());
        }
        return b.toString();
    }
}
