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
    private static final Pattern CREDENTIALS = Pattern.compile("user: admin\\s+password: (\\S+)");
    private static final Pattern CURL = Pattern.compile("curl -u admin:(\\S+) -X POST (http://127\\.0\\.0\\.1:(\\d+))/pins/");

    @TempDir
    Path data;
    private Process up;
    private final StringBuffer output = new StringBuffer();

    @AfterEach
    void killEverything() throws InterruptedException {
        if (up != null) {
            List<ProcessHandle> descendants = up.descendants().toList();
            up.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            up.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void upPinsReadsBackOnAnotherPeerAndStopsEveryPeerOnSigint() throws Exception {
        PeerAvailability.assumeDaemonExists();
        // A JVM started with SIGINT ignored (e.g. from `cmd &` in a non-interactive shell) passes that on, and
        // the child then cannot see Ctrl-C at all; that says nothing about `up`, so the test does not run.
        Assumptions.assumeFalse(sigintIgnoredHere(), "SIGINT is ignored by this JVM (inherited), so its children ignore it");
        int base = FreePorts.range(30);
        up = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ChildJvm.MAIN,
                "up", "--peers", "3", "--data", data.toString(), "--base-port", Integer.toString(base))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> copyOutput(up), "up-output");
        reader.setDaemon(true);
        reader.start();

        await("up prints READY").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
                .failFast(() -> assertThat(up.isAlive()).as(() -> "up exited early:\n" + output).isTrue())
                .until(() -> output.toString().contains("** pincluster up: READY **"));
        List<ProcessHandle> peers = up.children().toList();
        assertThat(peers).hasSize(3);

        Matcher credentials = CREDENTIALS.matcher(output);
        assertThat(credentials.find()).as(output.toString()).isTrue();
        String password = credentials.group(1);
        Matcher curl = CURL.matcher(output);
        assertThat(curl.find()).as(output.toString()).isTrue();
        assertThat(curl.group(1)).isEqualTo(password);
        assertThat(Integer.parseInt(curl.group(3))).isEqualTo(base);
        assertThat(output.toString()).contains("http://127.0.0.1:" + (base + 10))
                .contains(data.resolve("peer-2").resolve("daemon.log").toString());

        String cid = Cid.v1(Codec.RAW, Multihash.sha256("quick start".getBytes(StandardCharsets.UTF_8))).toString();
        RestClient peer0 = new RestClient(URI.create(curl.group(2)), "admin", password);
        RestClient.Answer pinned = peer0.post("/pins/" + cid);
        assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
        assertThat(new RestClient(URI.create(curl.group(2)), "admin", "wrong").post("/pins/" + cid).status()).isEqualTo(401);

        RestClient peer1 = new RestClient(URI.create("http://127.0.0.1:" + (base + 10)), "admin", password);
        await("peer 1 sees the pin").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> peer1.get("/allocations/" + cid).status() == 200);
        RestClient.Answer status = peer1.get("/pins/" + cid);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("cid").asText()).isEqualTo(cid);

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(up.waitFor(90, TimeUnit.SECONDS)).as(() -> "up did not exit after SIGINT:\n" + output).isTrue();
        await("every peer process is gone").atMost(Duration.ofSeconds(10))
                .until(() -> peers.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(output.toString()).contains("all peers stopped.");
    }

    private static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.exists(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    private void copyOutput(Process process) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append("(output closed: ").append(e.getMessage()).append(")\n");
        }
    }
}
