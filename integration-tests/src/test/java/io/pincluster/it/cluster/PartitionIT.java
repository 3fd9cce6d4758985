package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Five peers split 2|3 by cutting their Raft links: the two-peer side (holding the old leader) refuses writes with a
 * 503 naming the missing quorum within the configured request timeout, the three-peer side elects a leader and keeps
 * accepting writes, and after the links are restored all five hold the same pinset and log.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class PartitionIT {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void minorityRefusesWritesMajorityAcceptsAndAllConvergeAfterHeal() throws Exception {
        ClusterOptions options = ClusterOptions.inJvm(5).withProxies(true).withRequestTimeout(REQUEST_TIMEOUT);
        try (TestCluster c = TestCluster.start(options)) {
            int leader = c.awaitLeader();
            List<String> before = pinAll(c, leader, "before", 10);
            c.awaitConverged();

            int other = (leader + 1) % 5;
            List<Integer> minority = List.of(leader, other);
            List<Integer> majority = IntStream.range(0, 5).filter(i -> !minority.contains(i)).boxed().toList();
            c.isolate(leader, other);

            for (int i : minority) {
                long start = System.nanoTime();
                RestClient.Answer a = c.peer(i).client().post("/pins/" + Cids.of("minority " + i));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(a.status()).as("write on minority peer-%d: %s", i, a.body()).isEqualTo(503);
                assertThat(a.body()).containsIgnoringCase("quorum");
                assertThat(took).as("answered within the request timeout (plus slack)")
                        .isLessThan(REQUEST_TIMEOUT.plusSeconds(3));
            }

            int newLeader = c.awaitLeader(majority, Duration.ofSeconds(30));
            assertThat(majority).contains(newLeader);
            List<String> during = new ArrayList<>();
            for (int i : majority) {
                during.addAll(pinAll(c, i, "majority via " + i, 5));
            }

            c.heal();
            c.awaitConverged();
            Set<String> everywhere = c.pinset(other);
            assertThat(everywhere).containsAll(before).containsAll(during);
            for (int i = 0; i < 5; i++) {
                assertThat(c.pinset(i)).as("peer-%d pinset", i).isEqualTo(everywhere);
            }
        }
    }

    private static List<String> pinAll(TestCluster c, int peer, String label, int count) {
        List<String> cids = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String cid = Cids.of(label + " " + k);
            RestClient.Answer a = c.peer(peer).client().post("/pins/" + cid);
            assertThat(a.status()).as("pin %s via peer-%d: %s", cid, peer, a.body()).isEqualTo(200);
            cids.add(cid);
        }
        return cids;
    }
}
