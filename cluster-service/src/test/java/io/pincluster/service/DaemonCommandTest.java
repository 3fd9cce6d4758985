package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DaemonCommandTest {
    @TempDir
    Path dir;

    @Test
    void daemonPrintsUrlsServesAndStopsCleanly() throws Exception {
        InitCommand.run(dir, InitOptions.defaults().withPeername("d1").withPorts(0, FreePorts.one(), 0, 0).withHost("127.0.0.1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // The peer RPC and the Pinning Service API default to ipfs-cluster's 9096 and 9097, which a local cluster
        // (`pincluster up`) on this machine holds: the daemon failed to start here while one ran.
        DaemonCommand daemon = new DaemonCommand(dir, Map.of("PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MIN", "300ms",
                "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MAX", "600ms",
                "PINCLUSTER_CLUSTER_RPC_LISTEN", "127.0.0.1:" + FreePorts.one(),
                "PINCLUSTER_PSA_LISTEN", "127.0.0.1:" + FreePorts.one()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(daemon::run);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> out.toString(StandardCharsets.UTF_8).contains(DaemonCommand.READY_LINE)
                            || exit.isDone());
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains(DaemonCommand.READY_LINE);
            // init was given a metrics port (any free one), which turns the endpoint on: its URL is printed
            Matcher metrics = Pattern.compile("Metrics:  (http://127\\.0\\.0\\.1:\\d+)/metrics").matcher(printed);
            assertThat(metrics.find()).as(printed).isTrue();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.group(1) + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(204);
            Matcher m = Pattern.compile("REST API: (\\S+)").matcher(printed);
            assertThat(m.find()).isTrue();
            HttpResponse<String> version = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create(m.group(1) + "/version")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
        } finally {
            daemon.stop();
        }
        assertThat(exit.get()).isEqualTo(DaemonCommand.EXIT_OK);
    }

    /**
     * A peer whose Raft server Ratis closed on its own (what it does when its apply thread fails) serves nothing the
     * cluster can count on: the daemon stops it and exits with its own code, so that a supervisor restarts it,
     * instead of answering HTTP with every pin request failing.
     */
    @Test
    void aRaftServerThatStopsOnItsOwnStopsTheDaemonWithItsOwnCode() throws Exception {
        InitCommand.run(dir, InitOptions.defaults().withPeername("d2").withPorts(0, FreePorts.one(), 0, 0).withHost("127.0.0.1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<ClusterAssembly> peer = new CompletableFuture<>();
        DaemonCommand daemon = new DaemonCommand(dir, Map.of("PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MIN", "300ms",
                "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MAX", "600ms",
                "PINCLUSTER_CLUSTER_RPC_LISTEN", "127.0.0.1:" + FreePorts.one(),
                "PINCLUSTER_PSA_LISTEN", "127.0.0.1:" + FreePorts.one()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .onStarted(peer::complete);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(daemon::run);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> out.toString(StandardCharsets.UTF_8).contains(DaemonCommand.READY_LINE)
                            || exit.isDone());
            assertThat(exit).as("still running: %s", err).isNotDone();
            await().atMost(Duration.ofSeconds(30)).until(() -> peer.join().consensus().raftInfo().leader() != null);
            assertThat(peer.join().consensus().failure()).isEmpty();

            ((io.pincluster.consensus.ratis.RatisConsensus) peer.join().consensus()).closeDivisionUnderneath();

            assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo(DaemonCommand.EXIT_CONSENSUS_FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("error: Ratis stopped this peer's Raft server on its own")
                    .contains("the peer stopped so that it can be restarted");
        } finally {
            daemon.stop();
        }
    }

    @Test
    void badConfigurationExitsWithConfigCodeNamingTheKey() throws Exception {
        InitCommand.run(dir, InitOptions.defaults());
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new DaemonCommand(dir, Map.of("PINCLUSTER_RESTAPI_HTTP_LISTEN", "127.0.0.1:70000"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();

        assertThat(code).isEqualTo(DaemonCommand.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("restapi.http_listen (from PINCLUSTER_RESTAPI_HTTP_LISTEN): port 70000 is out of range");
    }

    @Test
    void uninitialisedFolderSaysToRunInit() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DaemonCommand(dir.resolve("nothing"), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();

        assertThat(code).isEqualTo(DaemonCommand.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pincluster init");
        assertThat(Files.exists(dir.resolve("nothing"))).isFalse();
    }
}
