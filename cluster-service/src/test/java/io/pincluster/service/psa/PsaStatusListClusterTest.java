package io.pincluster.service.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0023 on two real peers (Raft, TLS gRPC, embedded stores): {@code status}-filtered PSA lists, answered
 * through the peer that did not take the requests, from its status index, follow the pins as they change status.
 * The second peer's store holds 18,000 bytes: a 4,200-byte file and a 15,000-byte one do not both fit, so the
 * second fails there until the first leaves.
 *
 * <ol>
 *   <li>two requests for content nobody has: both {@code queued} (waiting for a holder);</li>
 *   <li>the content is added on the first peer: the small one {@code pinned}, the large one {@code failed};</li>
 *   <li>the small one's request is deleted and its pin removed: the large one is retried and {@code pinned}.</li>
 * </ol>
 */
@Timeout(300)
class PsaStatusListClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void statusFilteredListsFollowPinsFromQueuedToPinnedAndFailedAndBack() throws Exception {
        Map<String, String> env = new HashMap<>(PsaClusterTest.USERS);
        env.put("PINCLUSTER_PIN_TRACKER_RETRY_BACKOFF_MIN", "200ms");
        env.put("PINCLUSTER_PIN_TRACKER_RETRY_BACKOFF_MAX", "1s");
        try (TestCluster cluster = TestCluster.builder(dir).peers(2).secret("7f".repeat(32)).env(env)
                .envOfPeer(i -> i == 1 ? Map.of("PINCLUSTER_CONNECTOR_STORAGE_MAX", "18000",
                        "PINCLUSTER_REPAIR_DISK_HIGH_WATER", "1", "PINCLUSTER_REPAIR_DISK_SHED_WATER", "1") : Map.of())
                .start()) {
            ClusterAssembly big = cluster.peer(0);
            ClusterAssembly small = cluster.peer(1);
            await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> p.psaUrl().isPresent()
                    && p.consensus().leader().isPresent()));
            String alice = token(big, "alice", "pw-alice");
            byte[] smallFile = "small file\n".repeat(382).getBytes(StandardCharsets.UTF_8); // 4,202 bytes
            byte[] largeFile = "large file\n".repeat(1364).getBytes(StandardCharsets.UTF_8); // 15,004 bytes
            Cid x = Cid.v1(Codec.RAW, Multihash.sha256(smallFile));
            Cid y = Cid.v1(Codec.RAW, Multihash.sha256(largeFile));

            // 1. Nobody has either: both wait for a holder, queued, on the peer that did not take the requests too.
            String xId = requestId(send(big, "POST", "/pins", alice, "{\"cid\":\"" + x + "\",\"name\":\"x\"}"));
            requestId(send(big, "POST", "/pins", alice, "{\"cid\":\"" + y + "\",\"name\":\"y\"}"));
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(names(small, alice, "queued")).containsExactly("y", "x");
                assertThat(names(small, alice, "pinned,failed,pinning")).isEmpty();
            });

            // 2. The content arrives: the small file is pinned on both peers, the large one fails on the small store.
            assertThat(add(big, smallFile)).isEqualTo(x);
            await().atMost(PATIENCE).until(() -> pinnedOn(small, x) && pinnedOn(big, x));
            assertThat(add(big, largeFile)).isEqualTo(y);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(names(small, alice, "pinned")).containsExactly("x");
                assertThat(names(small, alice, "failed")).containsExactly("y");
                assertThat(names(big, alice, "failed")).containsExactly("y");
            });
            // The failed pin is retried (backoff 200 ms to 1 s), so it is queued or pinning for a moment now and then.
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode failed = json(send(small, "GET", "/pins?status=failed", alice, null));
                assertThat(failed.at("/results/0/status").asText()).isEqualTo("failed");
                assertThat(failed.at("/results/0/pin/cid").asText()).isEqualTo(y.toString());
                assertThat(names(small, alice, "queued,pinning")).isEmpty();
            });

            // 3. The small file's request is deleted and its pin removed: room for the large one, retried, pinned.
            assertThat(send(small, "DELETE", "/pins/" + xId, alice, null).statusCode()).isEqualTo(202);
            big.api().pins().unpin(x).get(); // the add pinned it through the cluster too: its pin outlives requests
            await().atMost(PATIENCE).until(() -> !pinnedOn(small, x));
            small.api().gc().collectGarbage(true);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(names(small, alice, "pinned")).containsExactly("y");
                assertThat(names(small, alice, "failed,queued,pinning")).isEmpty();
            });

            // The lists through the second peer were answered from its index (refreshed while lists ask for it; the
            // first list, before any refresh, asked the cluster).
            assertThat(small.psaStatusIndex().orElseThrow().refreshes()).isPositive();
        }
    }

    private Cid add(ClusterAssembly peer, byte[] content) {
        AddRequest request = new AddRequest(PinOptions.DEFAULTS, 1, true, AddRequest.DEFAULT_CHUNK_SIZE, false,
                false, false, false, false, false, "unixfs");
        List<AddedOutput> out = new ArrayList<>();
        peer.api().adds().add(request, List.of(new UploadPart("f", false, new ByteArrayInputStream(content)))
                .iterator(), out::add);
        return out.get(out.size() - 1).cid();
    }

    private static boolean pinnedOn(ClusterAssembly peer, Cid cid) {
        return peer.connector().status(cid).satisfies(PinMode.RECURSIVE);
    }

    /** The names of the requests {@code GET /pins?status=...} lists, newest first; its count must agree. */
    private List<String> names(ClusterAssembly peer, String token, String statuses) {
        JsonNode list = json(send(peer, "GET", "/pins?status=" + statuses, token, null));
        List<String> out = new ArrayList<>();
        list.get("results").forEach(r -> out.add(r.at("/pin/name").asText()));
        assertThat(list.get("count").asInt()).as(list.toString()).isEqualTo(out.size());
        return out;
    }

    private String token(ClusterAssembly peer, String user, String password) {
        HttpRequest request = HttpRequest.newBuilder(peer.restUrl().resolve("/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = call(request);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json(r).get("token").asText();
    }

    private static String requestId(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("requestid").asText();
    }

    private HttpResponse<String> send(ClusterAssembly peer, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(peer.psaUrl().orElseThrow().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return call(b.build());
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }
}
