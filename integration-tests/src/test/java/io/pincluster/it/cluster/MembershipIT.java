package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A three-peer cluster holding many pins (system property {@code it.membership.pins}, default 5000 so the test stays
 * near 90 s on a 2-core CI box; the figure is 100000) gains two peers through {@code daemon --join}. They catch
 * up (the log is purged behind small snapshots, so by snapshot), and they count for quorum: with two original peers
 * killed, the three alive (one original, both new) still commit writes. Both are then removed with
 * {@code DELETE /peers/<id>}: each stops (exit 0), and a removed peer restarted on its folder does not rejoin: it
 * refuses to start, saying it was removed, and the cluster keeps three members.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class MembershipIT {
    private static final int PINS = Integer.getInteger("it.membership.pins", 5000);
    private static final int LOADERS = 64;

    @Test
    void joinedPeersCatchUpCountForQuorumAndStayOutAfterRemoval() throws Exception {
        ClusterOptions options = ClusterOptions.processes(3).withSnapshotThreshold(Math.max(500, PINS / 10));
        try (TestCluster c = TestCluster.start(options)) {
            int leader = c.awaitLeader();
            loadPins(c, leader, PINS);
            c.awaitConverged();

            int a = c.addPeer(List.of("--join", c.rpcAddress(0)));
            int b = c.addPeer(List.of("--join", c.rpcAddress(1)));
            awaitMembers(c, 0, Set.of(0, 1, 2, a, b));
            c.awaitConverged(c.live(), Duration.ofSeconds(120));
            assertThat(c.pinset(a)).hasSize(PINS).isEqualTo(c.pinset(0));

            int leaderNow = c.awaitLeader();
            List<Integer> originalsToKill = List.of(0, 1, 2).stream().filter(i -> i != leaderNow).limit(2).toList();
            originalsToKill.forEach(c::kill);
            List<Integer> alive = c.live();
            assertThat(alive).hasSize(3).contains(a, b);
            c.awaitLeader(alive, Duration.ofSeconds(60));
            RestClient.Answer w = c.peer(a).client().post("/pins/" + Cids.of("quorum with new peers"));
            assertThat(w.status()).as("write with 3 of 5 alive, two of them new: %s", w.body()).isEqualTo(200);
            for (int i : originalsToKill) {
                c.restart(i);
            }
            c.awaitConverged();

            for (int joined : List.of(a, b)) {
                RestClient.Answer r = c.peer(0).client().delete("/peers/" + c.peer(joined).id().value());
                assertThat(r.ok()).as("remove peer-%d: %s", joined, r.body()).isTrue();
            }
            awaitMembers(c, 0, Set.of(0, 1, 2));
            // A removed peer shuts down, cleanly, as ipfs-cluster's do (decision 0030)
            for (int removed : List.of(a, b)) {
                assertThat(c.awaitExit(removed, Duration.ofSeconds(60))).as("peer-%d's exit code", removed).isZero();
                assertThat(String.join("\n", c.logTail(removed, 40))).contains("the cluster removed this peer");
            }

            c.kill(a);
            int exit = c.restartExpectingExit(a, Duration.ofSeconds(90));
            assertThat(exit).as("a removed peer refuses to start").isNotZero();
            assertThat(String.join("\n", c.logTail(a, 40))).contains("was removed from the cluster");
            assertThat(members(c, 0)).isEqualTo(ids(c, Set.of(0, 1, 2)));
            assertThat(c.peer(1).client().post("/pins/" + Cids.of("after removal")).status()).isEqualTo(200);
            c.awaitConverged(List.of(0, 1, 2), Duration.ofSeconds(60));
        }
    }

    /** Pins {@code count} distinct CIDs through the leader with concurrent clients; every one must be acknowledged. */
    private static void loadPins(TestCluster c, int leader, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(LOADERS);
        try {
            List<Future<?>> loaders = new ArrayList<>();
            for (int t = 0; t < LOADERS; t++) {
                loaders.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                        String cid = Cids.of("membership " + k);
                        RestClient.Answer r = c.peer(leader).client().post("/pins/" + cid);
                        assertThat(r.status()).as("pin %s: %s", cid, r.body()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : loaders) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitMembers(TestCluster c, int asked, Set<Integer> expected) {
        Set<String> want = ids(c, expected);
        await("peer-" + asked + " lists members " + expected).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).until(() -> want.equals(members(c, asked)));
    }

    private static Set<String> ids(TestCluster c, Set<Integer> peers) {
        return peers.stream().map(i -> c.peer(i).id().value()).collect(Collectors.toSet());
    }

    /** The Raft members peer {@code i} reports in {@code /id} ({@code cluster_peers}). */
    private static Set<String> members(TestCluster c, int i) {
        RestClient.Answer id = c.peer(i).client().get("/id");
        if (id.status() != 200) {
            return Set.of();
        }
        JsonNode list = id.json().path("cluster_peers");
        return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }
}
