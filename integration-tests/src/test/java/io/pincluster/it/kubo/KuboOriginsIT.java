package io.pincluster.it.kubo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.NodeConnector.PinState;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import io.pincluster.it.jsipfs.JsIpfsDaemon;
import io.pincluster.it.jsipfs.JsIpfsInstall;
import io.pincluster.service.config.ServiceConfigFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0025: a pin's {@code origins} outside the cluster are dialled by the Kubo connector. Daemon A (js-ipfs,
 * not part of the cluster) holds some content; a one-peer cluster drives daemon B. Pinned without origins, B cannot
 * find the content (its {@code pin/add} times out: nothing tells B where it is); pinned again naming A's multiaddr in
 * {@code origins}, the peer has B {@code swarm/connect} to A first and B's own {@code pin/add} fetches it from A.
 */
class KuboOriginsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    private final List<JsIpfsDaemon> daemons = new ArrayList<>();
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        daemons.forEach(JsIpfsDaemon::close);
    }

    @Test
    void aPinNamingAnIpfsNodeOutsideTheClusterIsFetchedFromIt() throws Exception {
        JsIpfsInstall install = JsIpfsInstall.get();
        CompletableFuture<JsIpfsDaemon> startA = start(install, "ipfs-a");
        CompletableFuture<JsIpfsDaemon> startB = start(install, "ipfs-b");
        daemons.add(startA.join());
        daemons.add(startB.join());
        KuboConnector a = new KuboConnector(KuboConfig.of("127.0.0.1", daemons.get(0).apiPort()));
        KuboConnector b = new KuboConnector(KuboConfig.of("127.0.0.1", daemons.get(1).apiPort())
                .withFetchTimeout(Duration.ofSeconds(2)));

        byte[] content = new byte[600_000]; // three chunks under a dag-pb root: a DAG, not one block
        new Random(25).nextBytes(content);
        Cid cid;
        try (NodeConnector.ImportSession session = a.openImport()) {
            cid = new FileImporter(ImportOptions.kuboDefaults()).importFile(new ByteArrayInputStream(content),
                    session, n -> { }).cid();
        }
        a.pin(cid, PinMode.RECURSIVE);
        String aId = a.id().id();
        String origin = a.id().addresses().stream()
                .filter(x -> x.startsWith("/ip4/127.0.0.1/tcp/") && x.endsWith("/p2p/" + aId)).findFirst()
                .orElseThrow(() -> new AssertionError("daemon A has no loopback multiaddr"));

        cluster = TestCluster.start(root.resolve("cluster"), ClusterOptions.inJvm(1));
        cluster.stop(0);
        useKubo(cluster.peer(0).dir(), daemons.get(1).apiPort(), cluster.peer(0).id().value(), cluster.rpcAddress(0));
        cluster.restart(0);
        cluster.awaitLeader();
        RestClient rest = cluster.peer(0).client();
        await("the peer's freespace metric, from daemon B").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> rest.get("/monitor/metrics/freespace").json().size() == 1);

        // Without origins: daemon B is not connected to A and finds nothing within the fetch timeout.
        assertTrue(rest.post("/pins/" + cid).ok());
        await("without origins the pin fails: B cannot find the content").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> localStatus(rest, cid).equals("pin_error"));
        assertEquals(PinState.UNPINNED, b.status(cid));
        assertFalse(swarmPeers(daemons.get(1).apiPort()).contains(aId), "nothing connected B to A");

        // With A's multiaddr in origins: the peer has B swarm/connect to A, then B's pin/add fetches the DAG.
        RestClient.Answer repin = rest.post("/pins/" + cid + "?origins="
                + URLEncoder.encode(origin, StandardCharsets.UTF_8));
        assertTrue(repin.ok(), repin.body());
        await("with origins B fetches it from A").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> localStatus(rest, cid).equals("pinned"));
        assertEquals(PinState.RECURSIVE, b.status(cid), "daemon B holds the pin itself");
        assertTrue(swarmPeers(daemons.get(1).apiPort()).contains(aId));
        JsonNode info = rest.get("/pins/" + cid).json();
        assertEquals(origin, info.path("origins").path(0).asText(), info.toString());
    }

    private CompletableFuture<JsIpfsDaemon> start(JsIpfsInstall install, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return JsIpfsDaemon.start(install, dir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // A short fetch timeout: the pin without origins must give up quickly (the one with them takes ~1 s).
    private static void useKubo(Path peerDir, int apiPort, String selfId, String rpcAddress) throws IOException {
        Path file = peerDir.resolve(ServiceConfigFile.FILE_NAME);
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        config.with("cluster").putObject("peer_addresses").put(selfId, rpcAddress);
        ObjectNode connector = config.with("connector");
        connector.put("type", "kubo");
        connector.put("node_address", "127.0.0.1:" + apiPort);
        connector.put("fetch_timeout", "8s"); // js-ipfs reports no progress: this caps a whole pin
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    }

    private static String swarmPeers(int apiPort) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v0/swarm/peers"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String localStatus(RestClient client, Cid cid) {
        RestClient.Answer r = client.get("/pins/" + cid + "?local=true");
        if (!r.ok()) {
            return "http " + r.status();
        }
        for (JsonNode info : r.json().path("peer_map")) {
            return info.path("status").asText();
        }
        return "none";
    }
}
