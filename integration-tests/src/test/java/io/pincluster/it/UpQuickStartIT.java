package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README quick start as a new user runs it: {@code pincluster up --peers 3}, wait for READY, pin
 * with the printed credentials on peer 0's REST API, read the pin back on peer 1, Ctrl-C, and every peer
 * process is gone. Runs Main from this test's class path (the launcher script is checked separately).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class UpQuickStartIT {
    private static final Pattern CURL = Pattern.compile("curl -u admin:(\\S+) -X POST (http://127\\.0\\.0\\.1:(\\d+))/pins/");

    @TempDir
    Path data;
    private UpRun run;

    @AfterEach
    void killEverything() throws InterruptedException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void upPinsReadsBackOnAnotherPeerAndStopsEveryPeerOnSigint() throws Exception {
        PeerAvailability.assumeDaemonExists();
        // A JVM started with SIGINT ignored (e.g. from `cmd &` in a non-interactive shell) passes that on, and
        // the child then cannot see Ctrl-C at all; that says nothing about `up`, so the test does not run.
        Assumptions.assumeFalse(UpRun.sigintIgnoredHere(), "SIGINT is ignored by this JVM (inherited), so its children ignore it");
        int base = FreePorts.range(30);
        run = UpRun.start("--peers", "3", "--data", data.toString(), "--base-port", Integer.toString(base));
        Process up = run.process();
        run.awaitOutput(UpRun.READY, Duration.ofMinutes(4));
        String output = run.output();
        List<ProcessHandle> peers = up.children().toList();
        assertThat(peers).hasSize(3);

        String password = run.password();
        Matcher curl = CURL.matcher(output);
        assertThat(curl.find()).as(output).isTrue();
        assertThat(curl.group(1)).isEqualTo(password);
        assertThat(Integer.parseInt(curl.group(3))).isEqualTo(base);
        assertThat(output).contains("http://127.0.0.1:" + (base + 10))
                .contains(data.resolve("peer-2").resolve("daemon.log").toString());

        String cid = Cid.v1(Codec.RAW, Multihash.sha256("quick start".getBytes(StandardCharsets.UTF_8))).toString();
        RestClient peer0 = new RestClient(URI.create(curl.group(2)), "admin", password);
        RestClient.Answer pinned = peer0.post("/pins/" + cid);
        assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
        assertThat(new RestClient(URI.create(curl.group(2)), "admin", "wrong").post("/pins/" + cid).status()).isEqualTo(401);
        // The dashboard address up prints answers with the same credentials.
        assertThat(output).contains(curl.group(2) + "/dashboard");
        RestClient.Answer dashboard = peer0.get("/dashboard");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<title>Pincluster dashboard</title>");

        RestClient peer1 = new RestClient(URI.create("http://127.0.0.1:" + (base + 10)), "admin", password);
        await("peer 1 sees the pin").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> peer1.get("/allocations/" + cid).status() == 200);
        RestClient.Answer status = peer1.get("/pins/" + cid);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("cid").asText()).isEqualTo(cid);

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(up.waitFor(90, TimeUnit.SECONDS)).as(() -> "up did not exit after SIGINT:\n" + run.output()).isTrue();
        await("every peer process is gone").atMost(Duration.ofSeconds(10))
                .until(() -> peers.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(run.output()).contains("all peers stopped.");
        for (int i = 0; i < 3; i++) {
            assertThat(data.resolve("peer-" + i).resolve("peer.pid")).as("a clean stop forgets the pid files").doesNotExist();
        }
    }
}
