package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One of five peer processes frozen with SIGSTOP (issue 12, item 11): its connections stay open and nothing answers
 * on them. {@code GET /pins/{cid}} and {@code GET /pins} on another peer still answer within a second each, with the
 * frozen peer's entries {@code cluster_error} saying it did not answer within the status deadline; after SIGCONT the
 * frozen peer's own statuses come back. The peers run with the default {@code cluster.status_timeout}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
@Tag("runs-alone") // it times answers: see integration-tests/pom.xml
class HungPeerStatusIT {
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(1);
    private static final String MARK = "did not answer within the status deadline";
    private static final int PINS = 3;

    @Test
    void statusAnswersWithinASecondWithAFrozenPeer() throws Exception {
        try (TestCluster c = TestCluster.start(ClusterOptions.processes(5))) {
            int leader = c.awaitLeader();
            List<String> cids = IntStream.range(0, PINS).mapToObj(i -> Cids.of("hung peer " + i)).toList();
            for (String cid : cids) {
                RestClient.Answer pinned = c.peer(leader).client().post("/pins/" + cid);
                assertThat(pinned.status()).as("pin %s: %s", cid, pinned.body()).isEqualTo(200);
            }
            c.awaitConverged();
            int asked = (leader + 1) % c.size();
            int frozen = (leader + 2) % c.size();
            String frozenId = c.peer(frozen).id().value();
            RestClient client = c.peer(asked).client();
            await("every peer answers for itself before the freeze").atMost(Duration.ofSeconds(30))
                    .until(() -> !statusOf(client.get("/pins/" + cids.get(0)).json(), frozenId)
                            .equals("cluster_error"));

            c.freeze(frozen);
            try {
                Timed one = timed(() -> client.call("GET", "/pins/" + cids.get(0), Duration.ofSeconds(30)));
                assertThat(one.answer().status()).as(one.answer().body()).isEqualTo(200);
                assertThat(one.took()).as("GET /pins/{cid} with a frozen peer").isLessThan(ANSWER_BOUND);
                assertFrozenMarked(one.answer().json(), frozenId, c.peer(asked).id().value());

                Timed all = timed(() -> client.call("GET", "/pins", Duration.ofSeconds(30)));
                assertThat(all.answer().status()).as(all.answer().body()).isEqualTo(200);
                assertThat(all.took()).as("GET /pins with a frozen peer").isLessThan(ANSWER_BOUND);
                assertThat(all.answer().lines()).extracting(n -> n.path("cid").asText())
                        .containsExactlyInAnyOrderElementsOf(cids);
                all.answer().lines().forEach(n -> assertFrozenMarked(n, frozenId, c.peer(asked).id().value()));

                Timed again = timed(() -> client.call("GET", "/pins/" + cids.get(1), Duration.ofSeconds(30)));
                assertThat(again.took()).as("a later GET /pins/{cid}").isLessThan(ANSWER_BOUND);
                assertFrozenMarked(again.answer().json(), frozenId, c.peer(asked).id().value());
            } finally {
                c.thaw(frozen);
            }

            await("the resumed peer answers for itself again").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !statusOf(client.get("/pins/" + cids.get(0)).json(), frozenId)
                            .equals("cluster_error"));
            RestClient.Answer resumed = client.get("/pins");
            assertThat(resumed.lines()).allSatisfy(n ->
                    assertThat(statusOf(n, frozenId)).isNotEqualTo("cluster_error"));
        }
    }

    private static void assertFrozenMarked(JsonNode info, String frozenId, String askedId) {
        JsonNode entry = info.path("peer_map").path(frozenId);
        assertThat(entry.path("status").asText()).as("frozen peer's entry in %s", info).isEqualTo("cluster_error");
        assertThat(entry.path("error").asText()).contains(MARK);
        assertThat(statusOf(info, askedId)).as("the answering peer's own entry").isNotEqualTo("cluster_error");
    }

    private static String statusOf(JsonNode info, String peerId) {
        return info.path("peer_map").path(peerId).path("status").asText("");
    }

    private record Timed(RestClient.Answer answer, Duration took) {
    }

    private static Timed timed(java.util.function.Supplier<RestClient.Answer> call) {
        long start = System.nanoTime();
        RestClient.Answer a = call.get();
        return new Timed(a, Duration.ofNanos(System.nanoTime() - start));
    }
}
