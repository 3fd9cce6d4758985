package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.testkit.FreePorts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing a local cluster: {@code up --peers 2}, a pin, then a second {@code up --peers 3} on the same data folder
 * while the first runs. The second creates peer-2 with a new identity and starts only it, with {@code --join}
 * through a running peer; it becomes a member every peer lists and follows the pinset.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class UpAddsPeersIT {

    @TempDir
    Path data;
    private UpRun first;
    private UpRun second;

    @AfterEach
    void killEverything() throws InterruptedException {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aLargerPeersCountAddsPeersThatJoinTheRunningCluster() throws Exception {
        PeerAvailability.assumeDaemonExists();
        int base = FreePorts.range(30);
        first = UpRun.start("--peers", "2", "--data", data.toString(), "--base-port", Integer.toString(base));
        first.awaitOutput(UpRun.READY, Duration.ofMinutes(4));
        String password = first.password();
        RestClient peer0 = client(base, 0, password);
        String cid = Cid.v1(Codec.RAW, Multihash.sha256("pinned before peer-2 existed".getBytes(StandardCharsets.UTF_8)))
                .toString();
        assertThat(peer0.post("/pins/" + cid).status()).isEqualTo(200);

        second = UpRun.start("--peers", "3", "--data", data.toString(), "--base-port", Integer.toString(base));
        second.awaitOutput(UpRun.READY, Duration.ofMinutes(4));

        assertThat(second.output())
                .contains("created peer-2 (a new identity; it joins the cluster)")
                .contains("peer-2 has no Raft state yet: it joins the cluster through 127.0.0.1:")
                .doesNotContain("started peer-0").doesNotContain("started peer-1");
        assertThat(second.process().children().count()).isEqualTo(1);
        RestClient peer2 = client(base, 2, password);
        String peer2Id = peer2.get("/id").json().get("id").asText();
        await("every peer lists peer-2 as a member").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> peer0.get("/peers").body().contains(peer2Id)
                        && client(base, 1, password).get("/peers").body().contains(peer2Id));
        await("peer-2 follows the pinset").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> peer2.get("/allocations/" + cid).status() == 200);
        assertThat(peer2.raft().get("role").asText()).isIn("follower", "listener", "leader");
    }

    private static RestClient client(int base, int peer, String password) {
        return new RestClient(URI.create("http://127.0.0.1:" + (base + 10 * peer)), "admin", password);
    }
}
