package io.pincluster.ctl;

import static io.pincluster.ctl.CannedApiServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.ctl.CannedApiServer.Answer;
import io.pincluster.ctl.CannedApiServer.Request;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtlTest extends CtlTestSupport {
    static final String CID = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String CID2 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    static final String PEER_A = "12D3KooWAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    static final String PEER_B = "12D3KooWBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    static String status(String cid, String statusA, String statusB) {
        return "{\"cid\":\"" + cid + "\",\"name\":\"site\",\"allocations\":[\"" + PEER_A + "\",\"" + PEER_B + "\"],"
                + "\"peer_map\":{\"" + PEER_B + "\":{\"peername\":\"peer-b\",\"status\":\"" + statusB + "\","
                + "\"timestamp\":\"2024-05-06T10:00:03Z\",\"error\":\"\",\"attempt_count\":0,\"priority_pin\":false},"
                + "\"" + PEER_A + "\":{\"peername\":\"peer-a\",\"status\":\"" + statusA + "\","
                + "\"timestamp\":\"2024-05-06T10:00:03Z\",\"error\":\"\",\"attempt_count\":1,\"priority_pin\":true}}}";
    }

    static String pin(String cid) {
        return "{\"replication_factor_min\":2,\"replication_factor_max\":3,\"name\":\"site\",\"mode\":\"recursive\","
                + "\"expire_at\":\"0001-01-01T00:00:00Z\",\"metadata\":{\"app\":\"x\"},\"cid\":\"" + cid + "\","
                + "\"type\":\"pin\",\"allocations\":[\"" + PEER_A + "\",\"" + PEER_B + "\"],\"max_depth\":-1,"
                + "\"timestamp\":\"2024-05-06T10:00:00Z\"}";
    }

    @Test
    void idPrintsThePeerAndSendsBasicAuthFromTheFlag() {
        server.on("GET", "/id", ok("{\"id\":\"" + PEER_A + "\",\"peername\":\"peer-a\",\"addresses\":[\"/ip4/127.0.0.1/tcp/9096\"],"
                + "\"cluster_peers\":[\"" + PEER_A + "\",\"" + PEER_B + "\"],\"raft\":{\"role\":\"LEADER\",\"term\":3,"
                + "\"leader\":\"" + PEER_A + "\"}}"));

        int code = run("--basic-auth", "admin:s3cret", "id");

        assertThat(code).isEqualTo(0);
        assertThat(out()).startsWith(PEER_A + " | peer-a | Sees 1 other peers")
                .contains("    - /ip4/127.0.0.1/tcp/9096").contains("Raft: LEADER (voter) | term 3 | leader " + PEER_A);
        assertThat(server.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenNoFlagIsGiven() {
        server.on("GET", "/version", ok("{\"version\":\"0.1.0\"}"));

        int code = run(Map.of(Ctl.AUTH_ENV, "admin:fromenv"), "version");

        assertThat(code).isEqualTo(0);
        assertThat(out().trim()).isEqualTo("0.1.0");
        assertThat(server.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:fromenv".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noCredentialsMeansNoAuthorizationHeader() {
        server.on("GET", "/version", ok("{\"version\":\"0.1.0\"}"));

        assertThat(run("version")).isEqualTo(0);
        assertThat(server.requests.get(0).authorization()).isNull();
    }

    @Test
    void pinAddSendsTheOptionsAsQueryParametersAndPrintsTheStatus() {
        server.on("POST", "/pins/" + CID, ok(pin(CID)));
        server.on("GET", "/pins/" + CID, ok(status(CID, "pinned", "pinning")));

        int code = run("pin", "add", CID, "--rmin", "2", "--rmax", "3", "--name", "my site", "--mode", "direct",
                "--metadata", "app=x", "--metadata", "team=web", "--allocations", PEER_A);

        assertThat(code).isEqualTo(0);
        Request post = server.requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(decode(post.query())).contains("replication-min=2", "replication-max=3", "name=my site",
                "mode=direct", "meta-app=x", "meta-team=web", "user-allocations=" + PEER_A);
        assertThat(out()).startsWith(CID + " | site:\n")
                .contains("    > peer-a               : PINNED | 2024-05-06T10:00:03Z | Attempts: 1 | Priority: true")
                .contains("    > peer-b               : PINNING");
    }

    @Test
    void pinAddExpireInBecomesAnAbsoluteExpireAt() {
        server.on("POST", "/pins/" + CID, ok(pin(CID)));

        assertThat(run("pin", "add", CID, "--replication", "2", "--expire-in", "1h", "--no-status")).isEqualTo(0);

        assertThat(decode(server.requests.get(0).query())).contains("replication=2").containsPattern("expire-at=\\d{4}-");
        assertThat(out()).contains(CID + " | site | PIN | Repl. Factor: 2--3 | Allocations: [" + PEER_A + " " + PEER_B
                + "] | Recursive | Metadata: yes | Exp: ∞ | Added: 2024-05-06T10:00:00Z");
    }

    @Test
    void pinAddWaitPollsUntilEveryAllocatedPeerHasPinned() {
        server.on("POST", "/pins/" + CID, ok(pin(CID)));
        server.on("GET", "/pins/" + CID, ok(status(CID, "pinning", "pin_queued")), ok(status(CID, "pinned", "pinning")),
                ok(status(CID, "pinned", "pinned")));

        int code = run("pin", "add", CID, "--wait");

        assertThat(code).isEqualTo(0);
        assertThat(server.requests.stream().filter(r -> r.method().equals("GET")).count()).isEqualTo(3);
        assertThat(out()).doesNotContain("PINNING").contains("peer-a               : PINNED")
                .contains("peer-b               : PINNED");
    }

    @Test
    void waitTimeoutExitsWith62() {
        server.on("POST", "/pins/" + CID, ok(pin(CID)));
        server.on("GET", "/pins/" + CID, ok(status(CID, "pinned", "pin_error")));

        int code = run("pin", "add", CID, "--wait", "--wait-timeout", "1s");

        assertThat(code).isEqualTo(62);
        assertThat(err()).contains("gave up waiting for " + CID).contains("pin_error");
    }

    @Test
    void pinRmWaitsUntilUnpinnedEverywhere() {
        server.on("DELETE", "/pins/" + CID, ok(pin(CID)));
        server.on("GET", "/pins/" + CID, ok(status(CID, "unpinning", "unpinned")),
                ok(status(CID, "unpinned", "unpinned")));

        assertThat(run("pin", "rm", CID, "--wait")).isEqualTo(0);
        assertThat(out()).contains("peer-a               : UNPINNED");
    }

    @Test
    void pinUpdateSendsPinUpdateToTheNewCid() {
        server.on("POST", "/pins/" + CID2, ok(pin(CID2)));

        assertThat(run("pin", "update", CID, CID2, "--no-status")).isEqualTo(0);
        assertThat(server.requests.get(0).query()).isEqualTo("pin-update=" + CID);
    }

    @Test
    void apiErrorsExitWith2AndShowTheServersMessage() {
        server.on("DELETE", "/pins/" + CID, new Answer(404, "{\"code\":404,\"message\":\"pin is not part of the pinset\"}"));

        int code = run("pin", "rm", CID);

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("Code: 404").contains("Message: pin is not part of the pinset");
    }

    @Test
    void apiErrorsArePrintedAsJsonWithEncJson() throws IOException {
        server.on("GET", "/id", new Answer(401, "{\"code\":401,\"message\":\"unauthorized: access denied\"}"));

        assertThat(run("--enc", "json", "id")).isEqualTo(2);
        JsonNode error = new ObjectMapper().readTree(out());
        assertThat(error.get("code").asInt()).isEqualTo(401);
        assertThat(error.get("message").asText()).isEqualTo("unauthorized: access denied");
    }

    @Test
    void aNonJsonErrorBodyIsShownAsText() {
        server.on("GET", "/id", new Answer(502, "Bad Gateway"));

        assertThat(run("id")).isEqualTo(2);
        assertThat(err()).contains("Code: 502").contains("Message: Bad Gateway");
    }

    @Test
    void statusReadsTheNdjsonStreamLineByLine() {
        server.on("GET", "/pins", ok(status(CID, "pinned", "pinned") + "\n" + status(CID2, "pin_error", "remote") + "\n"));

        assertThat(run("status", "--filter", "pinned,error", "--local")).isEqualTo(0);

        assertThat(decode(server.requests.get(0).query())).isEqualTo("filter=pinned,error&local=true");
        assertThat(out()).contains(CID + " | site:").contains(CID2 + " | site:").contains("PIN_ERROR").contains("REMOTE");
    }

    @Test
    void statusShowsExternalServicesAfterThePeers() {
        String s = status(CID, "pinned", "pinned");
        server.on("GET", "/pins/" + CID, ok(s.substring(0, s.length() - 1) + ",\"external\":{\"partner\":{"
                + "\"status\":\"error\",\"timestamp\":\"2024-05-06T10:00:04Z\",\"error\":\"partner: down\"}}}"));

        assertThat(run("status", CID)).isEqualTo(0);

        assertThat(out()).contains("peer-b").contains("> external:partner" + " ".repeat(5) + ": ERROR: partner: down | "
                + "2024-05-06T10:00:04Z");
        assertThat(out().indexOf("external:partner")).isGreaterThan(out().indexOf("peer-b"));
    }

    @Test
    void statusOfSeveralCidsAsksForThemByName() {
        server.on("GET", "/pins", ok(status(CID, "pinned", "pinned") + "\n"));

        assertThat(run("status", CID, CID2)).isEqualTo(0);
        assertThat(decode(server.requests.get(0).query())).isEqualTo("cids=" + CID + "," + CID2);
    }

    @Test
    void statusSummaryPrintsTheRepairCountsFromTheLeader() {
        server.on("GET", "/health/repair", ok("{\"leader\":true,\"enabled\":true,\"peers\":{\"" + PEER_A
                + "\":{\"state\":\"up\",\"since\":\"t0\",\"disk_pressure\":true},\"" + PEER_B + "\":{\"state\":\"down\",\"since\":"
                + "\"2026-01-01T00:00:00Z\"}},\"under_replicated\":12,\"waiting_for_grace\":2,\"lost\":1,"
                + "\"moving\":3,\"queued\":10,\"in_flight\":4,\"repaired\":7,\"eta_seconds\":2,"
                + "\"moves_by_kind\":{\"drain\":0,\"rebalance\":5,\"repair\":7},"
                + "\"lost_sample\":[\"" + CID + "\"]}"));

        assertThat(run("status", "--summary")).isEqualTo(0);
        assertThat(out()).contains("peers: 1 up, 0 suspect, 1 down")
                .contains(PEER_B + " down since 2026-01-01T00:00:00Z")
                .contains("pins: 12 under-replicated (2 waiting for the repair grace), 1 lost, 3 copies moving")
                .contains("repair: 10 queued, 4 in flight, 7 repaired (copies on down or removed peers replaced, also"
                        + " those of pins still at their minimum), ETA 2s").contains("lost: " + CID)
                .contains("moves committed: rebalance 5, repair 7").doesNotContain("drain 0")
                .contains("disk pressure: " + PEER_A);
    }

    @Test
    void statusSummaryOnAFollowerSaysWhereTheCountsAre() {
        server.on("GET", "/health/repair", ok("{\"leader\":false,\"enabled\":true,\"peers\":{}}"));

        assertThat(run("status", "--summary")).isEqualTo(0);
        assertThat(out()).contains("ask the leader");
        assertThat(run("status", "--summary", "--local")).isEqualTo(1);
    }

    @Test
    void noContentMeansAnEmptyListNotAnError() {
        server.on("GET", "/allocations", new Answer(204, ""));

        assertThat(run("pin", "ls")).isEqualTo(0);
        assertThat(out()).isEmpty();
    }

    @Test
    void jsonEncodingPrintsEveryStreamedObjectAsJson() throws IOException {
        server.on("GET", "/allocations", ok(pin(CID) + "\n" + pin(CID2) + "\n"));

        assertThat(run("pin", "ls", "--filter", "pin", "--enc", "json")).isEqualTo(0);

        List<JsonNode> objects = new ArrayList<>();
        new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(out()).forEachRemaining(objects::add);
        assertThat(objects).extracting(n -> n.get("cid").asText()).containsExactly(CID, CID2);
        assertThat(server.requests.get(0).query()).isEqualTo("filter=pin");
    }

    @Test
    void recoverOneCidPostsToItsRecoverRoute() {
        server.on("POST", "/pins/" + CID + "/recover", ok(status(CID, "pin_queued", "pinned")));

        assertThat(run("recover", CID, "--local")).isEqualTo(0);
        assertThat(server.requests.get(0).query()).isEqualTo("local=true");
        assertThat(out()).contains("PIN_QUEUED");
    }

    @Test
    void ipfsGcLocalPostsAndPrintsTheRemovedKeysPerPeer() {
        server.on("POST", "/ipfs/gc", ok("{\"peer_map\":{\"" + PEER_A + "\":{\"peer\":\"" + PEER_A
                + "\",\"peername\":\"peer-a\",\"keys\":[{\"key\":\"" + CID + "\"},{\"key\":\"" + CID2
                + "\"}]}}}"));

        assertThat(run("ipfs", "gc", "--local")).isEqualTo(0);
        assertThat(server.requests.get(0).query()).isEqualTo("local=true");
        assertThat(out()).contains("peer-a | 2 blocks removed").contains("    - " + CID).contains("    - " + CID2);
    }

    @Test
    void ipfsGcExitsWithTheApiErrorCodeWhenAPeerFailed() {
        server.on("POST", "/ipfs/gc", ok("{\"peer_map\":{\"" + PEER_A + "\":{\"peer\":\"" + PEER_A
                + "\",\"keys\":[]},\"" + PEER_B + "\":{\"peer\":\"" + PEER_B + "\",\"peername\":\"peer-b\","
                + "\"keys\":[],\"error\":\"connection refused\"}}}"));

        assertThat(run("ipfs", "gc")).isEqualTo(2);
        assertThat(server.requests.get(0).query()).isNull();
        assertThat(out()).contains(PEER_A + " | 0 blocks removed").contains("peer-b | ERROR: connection refused");
    }

    @Test
    void healthPrintsOkOnNoContent() {
        server.on("GET", "/health", new Answer(204, ""));

        assertThat(run("health")).isEqualTo(0);
        assertThat(out().trim()).isEqualTo("ok");
    }

    @Test
    void peersLsPrintsEveryPeerIncludingUnreachableOnes() {
        server.on("GET", "/peers", ok("{\"id\":\"" + PEER_A + "\",\"peername\":\"peer-a\",\"cluster_peers\":[\"" + PEER_A
                + "\"]}\n{\"id\":\"" + PEER_B + "\",\"error\":\"connection refused\"}\n"));

        assertThat(run("peers", "ls")).isEqualTo(0);
        assertThat(out()).contains(PEER_A + " | peer-a | Sees 0 other peers").contains(PEER_B + " | ERROR: connection refused");
    }

    @Test
    void addStreamsAMultipartUploadAndPrintsTheAddedEntries(@TempDir Path dir) throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("css/a b.css"), "body{}");
        Files.writeString(site.resolve(".hidden"), "secret");
        server.on("POST", "/add", ok("{\"name\":\"site/css/a b.css\",\"cid\":\"" + CID2 + "\",\"size\":14}\n"
                + "{\"name\":\"site\",\"cid\":\"" + CID + "\",\"size\":120,\"allocations\":[\"" + PEER_A + "\"]}\n"));

        int code = run("add", "-r", site.toString(), "--cid-version", "1", "--name", "site", "--replication", "2");

        assertThat(code).isEqualTo(0);
        Request upload = server.requests.get(0);
        assertThat(upload.contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(decode(upload.query())).contains("recursive=true", "cid-version=1", "raw-leaves=true", "name=site",
                "replication=2").doesNotContain("progress");
        String body = upload.bodyText();
        assertThat(body).contains("filename=\"site\"\r\nContent-Type: application/x-directory")
                .contains("filename=\"site%2Findex.html\"\r\nContent-Type: application/octet-stream\r\n\r\n<h1>hello</h1>\r\n")
                .contains("filename=\"site%2Fcss%2Fa+b.css\"").doesNotContain("secret").endsWith("--\r\n");
        assertThat(body.indexOf("filename=\"site%2Fcss\"")).isLessThan(body.indexOf("filename=\"site%2Fcss%2Fa+b.css\""));
        assertThat(out()).isEqualTo("added " + CID2 + " site/css/a b.css\nadded " + CID + " site\n");
    }

    @Test
    void addQuieterPrintsOnlyTheRoot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "hi");
        server.on("POST", "/add", ok("{\"name\":\"f.txt\",\"bytes\":2}\n{\"name\":\"f.txt\",\"cid\":\"" + CID + "\",\"size\":10}\n"));

        assertThat(run("add", "-Q", file.toString())).isEqualTo(0);
        assertThat(out()).isEqualTo(CID + "\n");
    }

    @Test
    void aLargeUploadToATerminalAsksForProgressAndDrawsABar(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[(int) AddCommand.PROGRESS_THRESHOLD * 2]);
        server.on("POST", "/add", ok("{\"name\":\"big.bin\",\"bytes\":1048576}\n{\"name\":\"big.bin\",\"bytes\":2097152}\n"
                + "{\"name\":\"big.bin\",\"cid\":\"" + CID + "\",\"size\":2097300}\n"));
        List<String> args = List.of("--host", server.url(), "add", big.toString());

        int code = Ctl.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), true);

        assertThat(code).isEqualTo(0);
        assertThat(server.requests.get(0).query()).contains("progress=true");
        assertThat(server.requests.get(0).body().length).isGreaterThan(2 * 1024 * 1024);
        assertThat(err()).contains("1.0 MiB / 2.0 MiB").contains(" 50%").contains("100%");
        assertThat(out()).isEqualTo("added " + CID + " big.bin\n");
    }

    @Test
    void addingADirectoryWithoutRecursiveIsAUsageError(@TempDir Path dir) {
        assertThat(run("add", dir.toString())).isEqualTo(1);
        assertThat(err()).contains("is a directory: add it with -r");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void anInvalidCidIsRejectedBeforeAnyRequest() {
        assertThat(run("pin", "add", "not-a-cid")).isEqualTo(1);
        assertThat(err()).contains("'not-a-cid' is not a CID");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void unknownCommandsAndFlagsAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(1);
        assertThat(err()).contains("unknown command 'frobnicate'").contains("pin add");
        err.reset();
        assertThat(run("pin", "add", CID, "--bogus")).isEqualTo(1);
        assertThat(err()).contains("unknown flag '--bogus'");
        err.reset();
        assertThat(run("pin", "add", CID, "--replication", "2", "--rmin", "1")).isEqualTo(1);
        assertThat(err()).contains("either --replication or --rmin/--rmax");
        err.reset();
        assertThat(run("status", "--filter", "nonsense")).isEqualTo(1);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aPeerThatDoesNotAnswerExitsWith1() {
        int closedPort = FreePorts.one();
        int code = Ctl.run(new String[] {"--host", "127.0.0.1:" + closedPort, "id"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false);

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("cannot reach http://127.0.0.1:" + closedPort);
    }

    private static String decode(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    static final String NEW_PEER = io.pincluster.core.peer.PeerId.ofPublicKeyProto(
            "ctl-new-peer".getBytes(StandardCharsets.UTF_8)).toString();

    @Test
    void peersAddPostsThePeerIdAsJsonAndPrintsItsId() throws IOException {
        server.on("POST", "/peers", ok("{\"id\":\"" + NEW_PEER + "\",\"peername\":\"peer-new\",\"cluster_peers\":[\""
                + PEER_A + "\",\"" + NEW_PEER + "\"]}"));

        assertThat(run("peers", "add", NEW_PEER)).isEqualTo(0);

        Request sent = server.requests.get(0);
        assertThat(sent.contentType()).startsWith("application/json");
        assertThat(new ObjectMapper().readTree(sent.bodyText()).path("peer_id").asText()).isEqualTo(NEW_PEER);
        assertThat(out()).startsWith(NEW_PEER + " | peer-new | Sees 1 other peers");
    }

    @Test
    void peersRmDeletesThePeerAndReportsTheServersRefusal() {
        server.on("DELETE", "/peers/" + NEW_PEER, new Answer(204, ""),
                new Answer(409, "{\"code\":409,\"message\":\"a membership change is already in progress\"}"));

        assertThat(run("peers", "rm", NEW_PEER)).isEqualTo(0);
        assertThat(out()).contains("removed peer " + NEW_PEER);
        assertThat(server.requests.get(0).method()).isEqualTo("DELETE");

        assertThat(run("peers", "rm", NEW_PEER)).isEqualTo(2);
        assertThat(err()).contains("Code: 409").contains("already in progress");
    }

    @Test
    void peersRmOfALivePeerSaysItIsDrainingAndForceRemovesAtOnce() {
        server.on("DELETE", "/peers/" + NEW_PEER, new Answer(202, "{\"peer\":\"" + NEW_PEER + "\",\"drain\":"
                + "\"drain_and_remove\",\"message\":\"draining it first\"}"), new Answer(204, ""));

        assertThat(run("peers", "rm", NEW_PEER)).isEqualTo(0);
        assertThat(out()).contains("draining it first");
        assertThat(run("peers", "rm", NEW_PEER, "--force")).isEqualTo(0);
        assertThat(server.requests.get(1).query()).isEqualTo("force=true");
    }

    @Test
    void peersDrainAndMaintenanceCallTheirRoutes() {
        server.on("POST", "/peers/" + NEW_PEER + "/drain", new Answer(202, "{\"message\":\"moving every pin\"}"));
        server.on("DELETE", "/peers/" + NEW_PEER + "/drain", ok("{\"message\":\"drain stopped\"}"));
        server.on("POST", "/peers/" + NEW_PEER + "/maintenance", ok("{\"message\":\"in maintenance\"}"));
        server.on("DELETE", "/peers/" + NEW_PEER + "/maintenance", ok("{\"message\":\"maintenance ended\"}"));

        assertThat(run("peers", "drain", NEW_PEER)).isEqualTo(0);
        assertThat(run("peers", "drain", NEW_PEER, "--stop")).isEqualTo(0);
        assertThat(run("peers", "maintenance", NEW_PEER, "on", "--for", "30m")).isEqualTo(0);
        assertThat(run("peers", "maintenance", NEW_PEER, "off")).isEqualTo(0);
        assertThat(out()).contains("moving every pin", "drain stopped", "in maintenance", "maintenance ended");
        assertThat(server.requests).extracting(r -> r.method() + " " + r.query()).containsExactly("POST null",
                "DELETE null", "POST for=30m", "DELETE null");

        assertThat(run("peers", "maintenance", NEW_PEER, "maybe")).isEqualTo(1);
        assertThat(err()).contains("expected on or off");
        assertThat(run("peers", "maintenance", NEW_PEER, "off", "--for", "1h")).isEqualTo(1);
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void aMalformedPeerIdIsRejectedBeforeAnyRequest() {
        assertThat(run("peers", "rm", "not-a-peer")).isEqualTo(1);
        assertThat(run("peers", "add")).isEqualTo(1);
        assertThat(err()).contains("is not a peer ID").contains("usage: pincluster peers add <peer id>");
        assertThat(server.requests).isEmpty();
    }
}
