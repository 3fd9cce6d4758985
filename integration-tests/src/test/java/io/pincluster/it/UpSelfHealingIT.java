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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Kill a peer and watch": {@code up --peers 3}, {@code kill -9} of peer 1's JVM (PID from its pid file);
 * {@code up} names the dead peer with its log tail and keeps the others serving; a pin made meanwhile; a
 * second {@code up} on the same data folder starts only peer 1, which rejoins and sees the pin. And a cluster grown by
 * a second {@code up} with a larger {@code --peers}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UpSelfHealingIT {

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
    void aKilledPeerIsReportedTheOthersServeAndASecondUpStartsOnlyThatPeer() throws Exception {
        PeerAvailability.assumeDaemonExists();
        int base = FreePorts.range(30);
        String[] args = {"--peers", "3", "--data", data.toString(), "--base-port", Integer.toString(base)};
        first = UpRun.start(args);
        first.awaitOutput(UpRun.READY, Duration.ofMinutes(4));
        String password = first.password();
        RestClient peer0 = client(base, 0, password);
        RestClient peer1 = client(base, 1, password);
        RestClient peer2 = client(base, 2, password);
        String peer1Id = peer1.get("/id").json().get("id").asText();

        long peer1Pid = Long.parseLong(Files.readString(data.resolve("peer-1").resolve("peer.pid")).trim());
        ProcessHandle peer1Process = ProcessHandle.of(peer1Pid).orElseThrow();
        assertThat(first.process().children().map(ProcessHandle::pid).toList()).contains(peer1Pid);
        assertThat(peer1Process.destroyForcibly()).isTrue();
        // The restart command is the report's last line: the output is collected line by line, so waiting for an
        // earlier line could look at the report before the command arrived.
        first.awaitOutput("pincluster up --data " + data, Duration.ofSeconds(30));

        String report = first.output();
        assertThat(first.process().isAlive()).isTrue();
        assertThat(report).contains("error: peer-1 (name peer-1, ID " + peer1Id + ", REST API http://127.0.0.1:" + (base + 10))
                .contains("killed by signal 9")
                .contains("last lines of " + data.resolve("peer-1").resolve("daemon.log"))
                .contains("pincluster up --data " + data);
        String logTail = report.substring(report.indexOf("last lines of"), report.indexOf("the other 2 peers keep running"));
        assertThat(logTail.lines().count()).as(logTail).isGreaterThan(3);
        assertThat(first.process().children().filter(ProcessHandle::isAlive).count()).isEqualTo(2);

        assertThat(peer0.get("/id").status()).isEqualTo(200);
        assertThat(peer2.get("/id").status()).isEqualTo(200);
        String cid = Cid.v1(Codec.RAW, Multihash.sha256("pinned while peer-1 was down".getBytes(StandardCharsets.UTF_8))).toString();
        // peer-1 may have been the Raft leader: the two left elect a new one first.
        await("a pin through peer-0 while peer-1 is down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> peer0.post("/pins/" + cid).status() == 200);

        List<Long> survivors = List.of(pid(0), pid(2));
        second = UpRun.start(args);
        second.awaitOutput(UpRun.READY, Duration.ofMinutes(4));
        assertThat(second.output())
                .contains("peer-0 already runs (pid " + survivors.get(0) + "), not starting it")
                .contains("peer-2 already runs (pid " + survivors.get(1) + "), not starting it")
                .contains("started peer-1 (pid ")
                .doesNotContain("started peer-0").doesNotContain("started peer-2");
        assertThat(second.process().children().toList()).hasSize(1);
        long restartedPid = pid(1);
        assertThat(second.process().children().map(ProcessHandle::pid).toList()).containsExactly(restartedPid);
        assertThat(List.of(pid(0), pid(2))).isEqualTo(survivors);

        assertThat(peer1.healthy()).isTrue();
        assertThat(peer1.get("/id").json().get("id").asText()).as("it kept its identity").isEqualTo(peer1Id);
        await("the restarted peer-1 sees the pin made while it was down").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> peer1.get("/allocations/" + cid).status() == 200);
        assertThat(first.process().isAlive()).as("the first up still runs its two peers").isTrue();

        // The second up runs only peer-1: once that dies too, it has nothing left and exits 1.
        assertThat(ProcessHandle.of(restartedPid).orElseThrow().destroyForcibly()).isTrue();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as(second::output).isTrue();
        assertThat(second.process().exitValue()).isEqualTo(1);
        assertThat(second.output()).contains("error: every peer this command started has exited.");

        // Ctrl-C on the first up still stops its peers cleanly, although one of them died earlier.
        Assumptions.assumeFalse(UpRun.sigintIgnoredHere(), "SIGINT is ignored by this JVM (inherited), so its children ignore it");
        Process sigint = new ProcessBuilder("kill", "-INT", Long.toString(first.process().pid())).start();
        assertThat(sigint.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().waitFor(90, TimeUnit.SECONDS)).as(first::output).isTrue();
        assertThat(first.process().exitValue()).as("stopped by SIGINT, like any JVM").isEqualTo(130);
        assertThat(first.output()).contains("stopping 2 peers...").contains("all peers stopped.");
        await("peer-0 and peer-2 are gone").atMost(Duration.ofSeconds(10))
                .until(() -> survivors.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    /**
     * Growing a local cluster: {@code up --peers 2}, a pin, then a second {@code up --peers 3} on the same data folder
     * while the first runs. The second creates peer-2 with a new identity and starts only it, with {@code --join}
     * through a running peer; it becomes a member every peer lists and follows the pinset.
     */
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

    private long pid(int peer) throws java.io.IOException {
        return Long.parseLong(Files.readString(data.resolve("peer-" + peer).resolve("peer.pid")).trim());
    }

    private static RestClient client(int base, int peer, String password) {
        return new RestClient(URI.create("http://127.0.0.1:" + (base + 10 * peer)), "admin", password);
    }
}
