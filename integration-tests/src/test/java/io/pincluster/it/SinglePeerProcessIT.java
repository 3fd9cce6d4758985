package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ctl.Ctl;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One peer as a separate OS process: content added and pins made over REST survive a SIGKILL; after a
 * restart on the same folder the pinset holds every acknowledged pin and none of the acknowledged unpins.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SinglePeerProcessIT {
    static final String USER = "admin";
    static final String PASSWORD = "it-password-1";

    @TempDir
    Path peerDir;
    /** The file the CLI adds: outside the peer's folder, and deleted with the test. */
    @TempDir
    Path files;
    final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (ChildJvm c : children) {
            c.close();
        }
    }

    @Test
    void acknowledgedPinsSurviveKillDashNine() throws Exception {
        PeerAvailability.assumeDaemonExists();
        int restPort = FreePorts.one();
        writePeerFolder(restPort);
        RestClient api = new RestClient(URI.create("http://127.0.0.1:" + restPort), USER, PASSWORD);
        ChildJvm first = startDaemon(api);

        Path file = Files.write(files.resolve("hello-" + restPort + ".txt"),
                "hello from a separate process\n".getBytes(StandardCharsets.UTF_8));
        String added = addThroughTheCli(restPort, file);

        Set<String> pinned = new HashSet<>(Set.of(added));
        Set<String> unpinned = new HashSet<>();
        List<String> cids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String cid = Cid.v1(Codec.RAW, Multihash.sha256(("block " + i + " " + restPort).getBytes(StandardCharsets.UTF_8)))
                    .toString();
            RestClient.Answer a = api.post("/pins/" + cid + "?name=p" + i);
            assertThat(a.status()).as("pin %s: %s", cid, a.body()).isEqualTo(200);
            assertThat(a.json().get("cid").asText()).isEqualTo(cid);
            cids.add(cid);
            pinned.add(cid);
        }
        for (int i = 0; i < cids.size(); i += 3) {
            RestClient.Answer a = api.delete("/pins/" + cids.get(i));
            assertThat(a.status()).as("unpin: %s", a.body()).isEqualTo(200);
            pinned.remove(cids.get(i));
            unpinned.add(cids.get(i));
        }

        first.kill9();
        assertThat(first.process().isAlive()).isFalse();
        startDaemon(api);

        Set<String> afterRestart = new HashSet<>();
        RestClient.Answer all = api.get("/allocations");
        assertThat(all.status()).as(all.body()).isIn(200, 204);
        all.lines().forEach(pin -> afterRestart.add(pin.get("cid").asText()));
        assertThat(afterRestart).containsAll(pinned).doesNotContainAnyElementsOf(unpinned);
        assertThat(api.get("/allocations/" + cids.get(1)).status()).isEqualTo(200);
        assertThat(api.get("/allocations/" + cids.get(0)).status()).isEqualTo(404);
    }

    private void writePeerFolder(int restPort) throws IOException {
        ServiceConfig d = ServiceConfig.defaults("it-peer");
        ServiceConfig config = d
                .withRestapi(d.restapi().withHttpListen(ListenAddress.loopback(restPort))
                        .withBasicAuth(Map.of(USER, PASSWORD)))
                .withConsensus(d.consensus().withListen(ListenAddress.loopback(FreePorts.one())))
                .withGateway(d.gateway().withListen(ListenAddress.loopback(FreePorts.one())))
                .withMetrics(d.metrics().withListen(ListenAddress.loopback(FreePorts.one())))
                .withPsa(d.psa().withListen(ListenAddress.loopback(FreePorts.one())));
        IdentityFile.write(peerDir.resolve(IdentityFile.FILE_NAME), PeerIdentity.generate(), false);
        ServiceConfigFile.write(peerDir.resolve(ServiceConfigFile.FILE_NAME), config, false);
    }

    private ChildJvm startDaemon(RestClient api) throws IOException {
        ChildJvm child = ChildJvm.start(peerDir.resolve("daemon.log"), "daemon", peerDir.toString());
        children.add(child);
        await("peer answers /health").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .failFast(() -> assertThat(child.process().isAlive()).as(() -> "daemon exited:\n" + child.log()).isTrue())
                .until(api::healthy);
        await("peer has a Raft leader").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    RestClient.Answer id = api.get("/id");
                    return id.status() == 200 && !id.json().path("raft").path("leader").asText("").isEmpty();
                });
        return child;
    }

    /** Adds {@code file} with {@code pincluster add -Q} (multipart POST /add) and returns the root CID. */
    private static String addThroughTheCli(int restPort, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ctl.run(new String[] {"--host", "127.0.0.1:" + restPort, "--basic-auth", USER + ":" + PASSWORD,
                "add", "-Q", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
        String cid = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(Cid.parse(cid).toString()).isEqualTo(cid);
        return cid;
    }
}
