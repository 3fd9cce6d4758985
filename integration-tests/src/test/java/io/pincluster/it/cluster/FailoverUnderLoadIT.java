package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Five peers as separate processes take a stream of 1000 pin requests from concurrent clients spread over all
 * peers; the leader's process is SIGKILLed in the middle. Every acknowledged pin is on every surviving peer after
 * failover, and the killed peer, restarted on its folder, converges to the same pinset and applied index.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class FailoverUnderLoadIT {
    private static final int PINS = 1000;
    private static final int CLIENTS = 8;
    private static final int KILL_AFTER_ACKS = 300;

    @Test
    void everyAcknowledgedPinSurvivesKillingTheLeader() throws Exception {
        try (TestCluster c = TestCluster.start(ClusterOptions.processes(5))) {
            int leader = c.awaitLeader();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger ackedAfterKill = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                Future<?>[] running = IntStream.range(0, CLIENTS).mapToObj(t -> clients.submit(() -> {
                    for (int k = next.getAndIncrement(); k < PINS; k = next.getAndIncrement()) {
                        String cid = Cids.of("failover " + k);
                        RestClient.Answer a = c.peer(k % c.size()).client().post("/pins/" + cid);
                        if (a.ok()) {
                            acked.add(cid);
                            if (!c.alive(leader)) {
                                ackedAfterKill.incrementAndGet();
                            }
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                })).toArray(Future[]::new);

                await("first acknowledgements").atMost(Duration.ofSeconds(90))
                        .until(() -> acked.size() >= KILL_AFTER_ACKS);
                c.kill(leader);
                for (Future<?> f : running) {
                    f.get(3, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }

            assertThat(ackedAfterKill.get()).as("writes acknowledged after the leader died").isGreaterThan(100);
            assertThat(acked.size() + refused.get()).isEqualTo(PINS);
            List<Integer> survivors = c.live();
            assertThat(survivors).hasSize(4).doesNotContain(leader);
            c.awaitLeader(survivors, Duration.ofSeconds(60));
            c.awaitConverged(survivors, Duration.ofSeconds(90));
            for (int i : survivors) {
                assertThat(c.pinset(i)).as("peer-%d holds every acknowledged pin", i).containsAll(acked);
            }

            c.restart(leader);
            c.awaitConverged();
            assertThat(c.pinset(leader)).as("restarted peer").isEqualTo(c.pinset(survivors.get(0)));
        }
    }
}
