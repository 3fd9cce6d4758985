package io.pincluster.it.kubo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector.PinState;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import io.pincluster.it.jsipfs.JsIpfsDaemon;
import io.pincluster.it.jsipfs.JsIpfsInstall;
import io.pincluster.service.config.ServiceConfigFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubo path: three peers with {@code connector.type=kubo}, each driving its own js-ipfs daemon. A file added
 * through peer 0 goes into daemon 0 by {@code block/put}; pinned with replication 3, it becomes {@code pinned} on
 * peers 1 and 2 because their daemons fetch it from daemon 0 over their own block exchange, once the cluster has
 * swarm-connected them (each peer learns the others' daemon addresses from their {@code id} over the cluster RPC).
 */
class KuboPathIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 3 * 1024 * 1024;

    @TempDir
    Path root;
    private final List<JsIpfsDaemon> daemons = new ArrayList<>();
    private final List<KuboConnector> nodes = new ArrayList<>();
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        daemons.forEach(JsIpfsDaemon::close);
    }

    @Test
    void contentAddedThroughOnePeerIsPinnedByTheOtherDaemonsThroughTheirBlockExchange() throws Exception {
        JsIpfsInstall install = JsIpfsInstall.get();
        startDaemons(install);

        cluster = TestCluster.start(root.resolve("cluster"), ClusterOptions.inJvm(3));
        // Same cluster, now each peer driving its own daemon (the TestCluster writes embedded-store peers).
        for (int i = 0; i < 3; i++) {
            cluster.stop(i);
        }
        Map<String, String> rpcAddresses = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            JsonNode c = JSON.readTree(cluster.peer(i).dir().resolve(ServiceConfigFile.FILE_NAME).toFile());
            rpcAddresses.put(cluster.peer(i).id().value(), c.path("cluster").path("rpc_listen").asText());
        }
        for (int i = 0; i < 3; i++) {
            useKubo(cluster.peer(i).dir(), daemons.get(i).apiPort(), rpcAddresses);
        }
        for (int i = 0; i < 3; i++) {
            cluster.restart(i);
        }
        cluster.awaitLeader();
        for (int i = 0; i < 3; i++) {
            String daemonId = nodes.get(i).id().id();
            JsonNode id = cluster.peer(i).client().get("/id").json();
            assertEquals(daemonId, id.path("ipfs").path("id").asText(), "peer " + i + " reports its daemon");
        }

        awaitSwarmConnected();
        // Allocation needs every peer's freespace metric (from its daemon's repo/stat) at peer 0.
        RestClient first = cluster.peer(0).client();
        await("peer 0 has the 3 peers' freespace metrics").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> first.get("/monitor/metrics/freespace").json().size() == 3);

        byte[] content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Cid expected = new FileImporter(ImportOptions.kuboDefaults()).importFile(new ByteArrayInputStream(content),
                (c, b) -> { }, n -> { }).cid();
        for (int i = 0; i < 3; i++) {
            KuboConnector quick = new KuboConnector(KuboConfig.of("127.0.0.1", daemons.get(i).apiPort())
                    .withFetchTimeout(Duration.ofSeconds(2)));
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(ClusterException.class, () -> quick.block(expected))
                    .code(), "daemon " + i + " does not have the content before the add");
        }
        Cid cid = add(cluster.peer(0).restUrl(), content);
        assertEquals(expected, cid);
        byte[] rootBlock = nodes.get(0).block(cid); // verified against the CID by the connector

        for (int i = 0; i < 3; i++) {
            int peer = i;
            RestClient client = cluster.peer(i).client();
            await("peer " + i + " pinned " + cid).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> localStatus(client, cid).equals("pinned"));
            assertEquals(PinState.RECURSIVE, nodes.get(peer).status(cid), "daemon " + peer + " pins it itself");
            assertArrayEquals(rootBlock, nodes.get(peer).block(cid));
        }
    }

    private void startDaemons(JsIpfsInstall install) throws Exception {
        List<CompletableFuture<JsIpfsDaemon>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createDirectories(root.resolve("ipfs-" + i));
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return JsIpfsDaemon.start(install, dir);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<JsIpfsDaemon> f : starting) {
            JsIpfsDaemon d = f.join();
            daemons.add(d);
            nodes.add(new KuboConnector(KuboConfig.of("127.0.0.1", d.apiPort())));
            System.out.println("[kubo-it] js-ipfs daemon on 127.0.0.1:" + d.apiPort() + " ready in "
                    + d.startMillis() + " ms");
        }
    }

    /** The cluster connects its daemons itself: SwarmConnector, fed by the other peers' {@code id} over RPC. */
    private void awaitSwarmConnected() {
        String first = nodes.get(0).id().id();
        await("the cluster swarm-connects daemons 1 and 2 to daemon 0").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> swarmPeers(1).contains(first) && swarmPeers(2).contains(first));
    }

    private String swarmPeers(int i) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + daemons.get(i).apiPort() + "/api/v0/swarm/peers")).POST(
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    // Also fills cluster.peer_addresses (the RPC address book), which the swarm connector and metrics need.
    private static void useKubo(Path peerDir, int apiPort, Map<String, String> rpcAddresses) throws IOException {
        Path file = peerDir.resolve(ServiceConfigFile.FILE_NAME);
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode book = config.with("cluster").putObject("peer_addresses");
        rpcAddresses.forEach(book::put);
        ObjectNode connector = config.with("connector");
        connector.put("type", "kubo");
        connector.put("node_address", "127.0.0.1:" + apiPort);
        connector.put("fetch_timeout", "30s");
        connector.put("swarm_connect_interval", "2s");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    }

    // POST /add (multipart, like Kubo's add) with replication 3; the root is the last streamed entry.
    private Cid add(URI rest, byte[] content) throws IOException, InterruptedException {
        String boundary = "kubo-it-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(rest.resolve(
                "/add?replication-min=3&replication-max=3")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ClusterOptions.inJvm(3).password()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Cid root = null;
        for (String line : r.body().split("\n")) {
            JsonNode n = line.isBlank() ? null : JSON.readTree(line);
            if (n != null && n.has("cid")) {
                JsonNode c = n.get("cid");
                root = Cid.parse(c.isObject() ? c.path("/").asText() : c.asText());
            }
        }
        assertTrue(root != null, "no cid in the /add answer: " + r.body());
        return root;
    }

    private static String localStatus(RestClient client, Cid cid) {
        RestClient.Answer a = client.get("/pins/" + cid + "?local=true");
        if (!a.ok()) {
            return "http " + a.status();
        }
        for (JsonNode info : a.json().path("peer_map")) {
            return info.path("status").asText();
        }
        return "none";
    }
}
