package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.service.membership.ClusterJoin;
import io.pincluster.service.testing.TestCluster;
import io.pincluster.testkit.FreePorts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership end to end through {@link ClusterAssembly}, the code path {@code pincluster daemon --join} runs: three
 * peers from {@code init}; a fourth joins through one peer's RPC, catches up and is listed by every peer's
 * {@code /peers}; {@code DELETE /peers/{id}} removes it and it refuses to come back on its own; a peer with
 * {@code leave_on_shutdown} leaves when closed; a minority answers writes with 503 "no quorum".
 */
@Timeout(300)
class MembershipClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestCluster cluster;
    /** The peers the test expects to be running; the cluster stops every peer it started, joiners included. */
    private final List<ClusterAssembly> peers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Three peers that learn each other's RPC addresses themselves: no introductions. */
    private void startThree() throws Exception {
        cluster = TestCluster.builder(dir).peers(3).secret("3c".repeat(32))
                .env(Map.of("PINCLUSTER_CONSENSUS_REQUEST_TIMEOUT", "4s"))
                .introduce(false)
                .start();
        peers.addAll(cluster.peers());
    }

    /** A peer folder made by {@code init} without {@code --peers}: what a joining peer starts from. */
    private Path initJoiner(String name) throws Exception {
        return cluster.initJoiner(name);
    }

    private ClusterAssembly start(Path p, Map<String, String> extraEnv, String joinSeed) throws Exception {
        return cluster.start(p, extraEnv, joinSeed);
    }

    private static Cid cid(int i) {
        return Cid.v1(io.pincluster.core.cid.Codec.RAW, io.pincluster.core.cid.Multihash.sha256(
                ("membership " + i).getBytes(StandardCharsets.UTF_8)));
    }

    private List<JsonNode> peersOver(ClusterAssembly peer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(peer.restUrl().resolve("/peers")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void aPeerJoinsCatchesUpIsListedEverywhereAndIsRemovedAgain() throws Exception {
        startThree();
        ClusterAssembly a = peers.get(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream()
                .allMatch(p -> p.consensus().leader().isPresent()));
        for (int i = 0; i < 20; i++) {
            peers.get(i % 3).api().pins().pin(cid(i), PinOptions.DEFAULTS).join();
        }

        String seed = peers.get(1).rpcAddress().toString();
        ClusterAssembly joiner = start(initJoiner("joiner"), Map.of(), seed);
        peers.add(joiner);
        assertThat(joiner.consensus().peers()).hasSize(4).contains(joiner.peerId());
        await().atMost(Duration.ofSeconds(30)).until(() -> joiner.consensus().state().size() == 20);
        assertThat(joiner.api().pins().pin(cid(100), PinOptions.DEFAULTS).join().cid()).as("the new peer can write")
                .isEqualTo(cid(100));
        for (ClusterAssembly p : peers) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> listed = peersOver(p);
                assertThat(listed).hasSize(4);
                JsonNode entry = listed.stream().filter(n -> n.path("id").asText()
                        .equals(joiner.peerId().toString())).findFirst().orElseThrow();
                assertThat(entry.path("error").asText("")).as("reached over the RPC").isEmpty();
                assertThat(entry.path("peername").asText()).isEqualTo("joiner");
                assertThat(entry.path("raft").path("role").asText()).isIn("follower", "leader");
            });
        }

        // force: a live peer is otherwise drained first and removed later (DrainClusterTest covers that path)
        HttpResponse<String> del = http.send(HttpRequest.newBuilder(a.restUrl().resolve("/peers/"
                + joiner.peerId() + "?force=true")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(del.statusCode()).as(del.body()).isEqualTo(204);
        assertThat(a.consensus().peers()).hasSize(3).doesNotContain(joiner.peerId());
        await().atMost(Duration.ofSeconds(30)).until(() -> joiner.consensus().isRemoved());
        // its certificate opens nothing any more, not even over the RPC connection it already had
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> joiner.rpcClient()
                .id(a.peerId())).isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED)));
        joiner.close();
        peers.remove(joiner);
        assertThatThrownBy(() -> start(dir.resolve("joiner"), Map.of(), seed))
                .as("a removed peer with Raft storage ignores --join and does not rejoin")
                .isInstanceOf(ClusterException.class).hasMessageContaining("was removed from the cluster");
        assertThat(a.consensus().peers()).hasSize(3);

        // leave_on_shutdown: a peer that joined leaves the cluster when it stops
        ClusterAssembly leaver = start(initJoiner("leaver"), Map.of("PINCLUSTER_CLUSTER_LEAVE_ON_SHUTDOWN", "true"),
                peers.get(2).rpcAddress().toString());
        peers.add(leaver);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.consensus().peers().size() == 4);
        leaver.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.consensus().peers()).hasSize(3).doesNotContain(leaver.peerId()));

        // two of three stopped: the survivor answers a write with 503 "no quorum" within the request timeout
        peers.get(1).close();
        peers.get(2).close();
        long t0 = System.nanoTime();
        HttpResponse<String> pin = http.send(HttpRequest.newBuilder(a.restUrl().resolve("/pins/" + cid(200)))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(pin.statusCode()).as(pin.body()).isEqualTo(503);
        assertThat(pin.body()).containsIgnoringCase("no quorum");
        assertThat(tookMs).as("bounded by consensus.request_timeout (4 s) plus the client's slack")
                .isLessThan(12_000);
    }

    @Test
    void aSeedNobodyListensOnFailsWithAClearErrorAfterRetries() throws Exception {
        startThree();
        String nowhere = FreePorts.loopbackAddress();
        ClusterJoin join = new ClusterJoin(peers.get(0).rpcClient(), nowhere, Duration.ofMillis(50), 3,
                Duration.ofSeconds(60));
        PeerId stranger = PeerId.ofPublicKeyProto("stranger".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> join.join(new JoinRequest(stranger, "s", "127.0.0.1:1", "127.0.0.1:2"),
                () -> false)).isInstanceOf(ClusterException.class)
                .hasMessageContaining(nowhere).hasMessageContaining("after 3 attempts")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));

        ClusterJoin refused = new ClusterJoin(peers.get(0).rpcClient(), peers.get(1).rpcAddress().toString(),
                Duration.ofMillis(50), 3, Duration.ofSeconds(60));
        // the request speaks for the caller (peer 0), as the seed only accepts a join from the peer it names
        assertThatThrownBy(() -> refused.join(new JoinRequest(peers.get(0).peerId(), "s", "", "127.0.0.1:2"),
                () -> false))
                .as("a request the seed refuses is not retried").isInstanceOf(ClusterException.class)
                .hasMessageContaining("refused").hasMessageContaining("Raft server")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
