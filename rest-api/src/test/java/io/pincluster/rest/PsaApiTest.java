package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.psa.LocalPsaRecords;
import io.pincluster.core.psa.PsaStatusIndex;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.psa.PsaConfig;
import io.pincluster.rest.psa.PsaServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Pinning Service API over real HTTP, with the pin requests in memory ({@link LocalPsaRecords}) and the cluster
 * played by {@link FakeClusterApi}: the routes, statuses, tenants, filters, quota and error shapes. The same API
 * over a real Raft cluster, and the public compliance suite: {@code PsaClusterTest} in cluster-service.
 */
class PsaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CID_A = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final String CID_B = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    /** An origin both APIs take: a multiaddr ending in {@code /p2p/<peer ID>}. */
    private static final String ORIGIN = "/ip4/10.0.0.1/tcp/4001/p2p/" + FakeClusterApi.PEER_A;

    private final FakeClusterApi api = new FakeClusterApi();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RestAuth auth;
    private PsaServer server;
    private String alice;
    private String bob;
    private String admin;
    private String reader;

    @BeforeEach
    void start() {
        start(0);
    }

    private void start(int quota) {
        RestConfig rest = RestConfig.defaults().withCredentials(Map.of("alice", "pw-a", "bob", "pw-b",
                "admin", "pw-admin", "reader", "pw-r")).withSecurity(RestSecurity.defaults().withRoles(Map.of(
                "alice", Role.PINNER, "bob", Role.PINNER, "reader", Role.READER)));
        auth = RestAuth.of(rest, Clock.systemUTC());
        server = new PsaServer(PsaConfig.of("127.0.0.1", 0).withMaxPinsPerTenant(quota), auth,
                new LocalPsaRecords(Clock.systemUTC()), ClusterApi.of(api), Clock.systemUTC()).start();
        alice = token("alice");
        bob = token("bob");
        admin = token("admin");
        reader = token("reader");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String token(String user) {
        return auth.jwt().issue(auth.credentials().user(user).orElseThrow());
    }

    @Test
    void withoutOrWithABadTokenTheAnswerIs401InTheSpecsShape() {
        HttpResponse<String> none = send("GET", "/pins", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).at("/error/reason").asText()).isEqualTo("UNAUTHORIZED");
        HttpResponse<String> bad = send("GET", "/pins", "purposefullyInvalid", null);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(json(bad).at("/error/reason").asText()).isEqualTo("UNAUTHORIZED");
        HttpResponse<String> basic = sendRaw("GET", "/pins", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice:pw-a".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(basic.statusCode()).as("Basic credentials are not a bearer token").isEqualTo(401);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(204);
    }

    @Test
    void addAnswers202QueuedWithItsOwnRequestIdAndPinsTheCid() {
        HttpResponse<String> added = send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"a1\","
                + "\"origins\":[\"" + ORIGIN + "\"],\"meta\":{\"app\":\"x\"}}");

        assertThat(added.statusCode()).isEqualTo(202);
        JsonNode body = json(added);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("requestid").asText()).isNotEqualTo(CID_A).hasSize(22);
        assertThat(body.at("/pin/cid").asText()).isEqualTo(CID_A);
        assertThat(body.at("/pin/name").asText()).isEqualTo("a1");
        assertThat(body.at("/pin/meta/app").asText()).isEqualTo("x");
        assertThat(body.at("/pin/origins/0").asText()).isEqualTo(ORIGIN);
        assertThat(body.get("delegates")).isNotEmpty();
        assertThat(body.get("delegates").get(0).asText()).startsWith("/ip4/127.0.0.1/tcp/4001/p2p/");
        assertThat(body.get("created").asText()).endsWith("Z");
        assertThat(api.pinset).containsKey(Cid.parse(CID_A));
        assertThat(api.pinset.get(Cid.parse(CID_A)).options().origins()).as("the cluster pin carries the origins,"
                + " so a connector that can dial them does").containsExactly(ORIGIN);

        HttpResponse<String> got = send("GET", "/pins/" + body.get("requestid").asText(), alice, null);
        assertThat(got.statusCode()).isEqualTo(200);
        // the fake cluster answers pin_error on one peer: the spec's failed
        assertThat(json(got).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void twoTenantsPinOneCidEachSeesOnlyItsOwnAndTheCidStaysUntilTheLastDelete() {
        String a = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"alice's\"}"))
                .get("requestid").asText();
        String b = json(send("POST", "/pins", bob, "{\"cid\":\"" + CID_A + "\",\"name\":\"bob's\"}"))
                .get("requestid").asText();
        assertThat(a).isNotEqualTo(b);

        JsonNode aliceList = json(send("GET", "/pins", alice, null));
        assertThat(aliceList.get("count").asInt()).isEqualTo(1);
        assertThat(aliceList.at("/results/0/pin/name").asText()).isEqualTo("alice's");
        JsonNode bobList = json(send("GET", "/pins", bob, null));
        assertThat(bobList.get("count").asInt()).isEqualTo(1);
        assertThat(bobList.at("/results/0/pin/name").asText()).isEqualTo("bob's");
        assertThat(json(send("GET", "/pins", admin, null)).get("count").asInt()).as("an admin sees all").isEqualTo(2);
        assertThat(send("GET", "/pins/" + b, alice, null).statusCode()).as("another tenant's request").isEqualTo(404);
        assertThat(send("DELETE", "/pins/" + b, alice, null).statusCode()).isEqualTo(404);

        HttpResponse<String> deleted = send("DELETE", "/pins/" + a, alice, null);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(deleted.body()).as("the spec's 202 for a removal has no content").isEmpty();
        assertThat(api.pinset).as("bob's request still names it").containsKey(Cid.parse(CID_A));
        assertThat(send("GET", "/pins/" + a, alice, null).statusCode()).isEqualTo(404);

        assertThat(send("DELETE", "/pins/" + b, bob, null).statusCode()).isEqualTo(202);
        assertThat(api.pinset).as("no request names it").doesNotContainKey(Cid.parse(CID_A));
    }

    @Test
    void replaceGivesANewRequestIdAndMovesThePin() {
        String old = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\"}")).get("requestid").asText();
        HttpResponse<String> replaced = send("POST", "/pins/" + old, alice, "{\"cid\":\"" + CID_B + "\"}");

        assertThat(replaced.statusCode()).isEqualTo(202);
        String fresh = json(replaced).get("requestid").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(json(replaced).at("/pin/cid").asText()).isEqualTo(CID_B);
        assertThat(send("GET", "/pins/" + old, alice, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/pins/" + fresh, alice, null).statusCode()).isEqualTo(200);
        assertThat(api.pinset).containsKey(Cid.parse(CID_B)).doesNotContainKey(Cid.parse(CID_A));
    }

    @Test
    void listFiltersByNameStrategyCidMetaTimeAndPagesWithBefore() {
        for (int i = 0; i < 15; i++) {
            String cid = Cid.v1(io.pincluster.core.cid.Codec.RAW, io.pincluster.core.cid.Multihash.sha256(
                    ("psa " + i).getBytes(StandardCharsets.UTF_8))).toString();
            assertThat(send("POST", "/pins", alice, "{\"cid\":\"" + cid + "\",\"name\":\"Item-" + i + "\","
                    + "\"meta\":{\"even\":\"" + (i % 2 == 0) + "\"}}").statusCode()).isEqualTo(202);
        }
        JsonNode first = json(send("GET", "/pins?status=queued,pinning,pinned,failed", alice, null));
        assertThat(first.get("count").asInt()).isEqualTo(15);
        assertThat(first.get("results")).hasSize(10);
        assertThat(first.at("/results/0/pin/name").asText()).as("newest first").isEqualTo("Item-14");
        String oldest = first.at("/results/9/created").asText();
        JsonNode second = json(send("GET", "/pins?before=" + enc(oldest), alice, null));
        assertThat(second.get("count").asInt()).isEqualTo(5);
        Set<String> seen = new HashSet<>();
        first.get("results").forEach(r -> seen.add(r.get("requestid").asText()));
        second.get("results").forEach(r -> assertThat(seen.add(r.get("requestid").asText())).isTrue());
        assertThat(seen).hasSize(15);

        assertThat(json(send("GET", "/pins?name=Item-3", alice, null)).get("count").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/pins?name=item-3&match=exact", alice, null)).get("count").asInt()).isZero();
        assertThat(json(send("GET", "/pins?name=item-3&match=iexact", alice, null)).get("count").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/pins?name=Item-1&match=partial", alice, null)).get("count").asInt())
                .as("Item-1, Item-10 .. Item-14").isEqualTo(6);
        assertThat(json(send("GET", "/pins?name=ITEM-1&match=ipartial", alice, null)).get("count").asInt())
                .isEqualTo(6);
        assertThat(json(send("GET", "/pins?meta=" + enc("{\"even\":\"true\"}"), alice, null)).get("count").asInt())
                .isEqualTo(8);
        assertThat(json(send("GET", "/pins?limit=3", alice, null)).get("results")).hasSize(3);
        assertThat(json(send("GET", "/pins?after=" + enc(oldest), alice, null)).get("count").asInt())
                .as("strictly after the 10th newest").isEqualTo(9);
        assertThat(json(send("GET", "/pins?status=pinned", alice, null)).get("count").asInt())
                .as("the fake cluster says failed for every CID").isZero();
        assertThat(json(send("GET", "/pins?status=failed&limit=2", alice, null)).get("count").asInt())
                .as("count is the true number, not the page").isEqualTo(15);
        String cid3 = Cid.v1(io.pincluster.core.cid.Codec.RAW, io.pincluster.core.cid.Multihash.sha256(
                "psa 3".getBytes(StandardCharsets.UTF_8))).toString();
        JsonNode byCid = json(send("GET", "/pins?cid=" + cid3 + "," + CID_B, alice, null));
        assertThat(byCid.get("count").asInt()).isEqualTo(1);
        assertThat(byCid.at("/results/0/pin/name").asText()).isEqualTo("Item-3");
        assertThat(json(send("GET", "/pins", bob, null)).get("count").asInt()).isZero();
    }

    /**
     * Decision 0023: with the status index a status filter looks each request up instead of asking the cluster. The
     * list follows the cluster as the index refreshes: queued to pinned, pinned to failed (shown as the filter
     * matched it until the next refresh), a deleted request leaves, a CID gone from the pinset is asked directly.
     */
    @Test
    void statusFiltersAnswerFromTheIndexAndFollowTheClusterAtEachRefresh() {
        server.stop();
        PsaStatusIndex index = new PsaStatusIndex(api, api.pinset::containsKey, PsaStatusIndex.Settings.DEFAULTS);
        server = new PsaServer(PsaConfig.of("127.0.0.1", 0), auth, new LocalPsaRecords(Clock.systemUTC()),
                ClusterApi.of(api), Clock.systemUTC(), cid -> -1L, index).start();
        Cid a = Cid.parse(CID_A);
        Cid b = Cid.parse(CID_B);
        String aId = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"a\"}"))
                .get("requestid").asText();
        send("POST", "/pins", alice, "{\"cid\":\"" + CID_B + "\",\"name\":\"b\"}");
        api.statusOnB.put(a, TrackerStatus.PIN_QUEUED);
        api.statusOnB.put(b, TrackerStatus.PIN_QUEUED);
        assertThat(json(send("GET", "/pins?status=queued", alice, null)).get("count").asInt())
                .as("no refresh yet: asked of the cluster").isEqualTo(2);
        assertThat(index.refresh()).isTrue();
        assertThat(names(send("GET", "/pins?status=queued", alice, null))).containsExactly("b", "a");

        api.statusOnB.put(a, TrackerStatus.PINNED); // queued -> pinned
        index.refresh();
        assertThat(names(send("GET", "/pins?status=pinned", alice, null))).containsExactly("a");
        assertThat(names(send("GET", "/pins?status=queued", alice, null))).containsExactly("b");

        api.statusOnB.remove(a); // pinned -> failed (the fake's default)
        JsonNode lagging = json(send("GET", "/pins?status=pinned", alice, null));
        assertThat(lagging.at("/results/0/status").asText()).as("what the filter matched, until the next refresh")
                .isEqualTo("pinned");
        index.refresh();
        assertThat(names(send("GET", "/pins?status=failed", alice, null))).containsExactly("a");
        assertThat(json(send("GET", "/pins?status=failed", alice, null)).at("/results/0/status").asText())
                .isEqualTo("failed");
        assertThat(json(send("GET", "/pins?status=pinned", alice, null)).get("count").asInt()).isZero();
        assertThat(index.directAnswers()).isZero();

        assertThat(send("DELETE", "/pins/" + aId, alice, null).statusCode()).isEqualTo(202); // unpinned
        assertThat(json(send("GET", "/pins?status=failed", alice, null)).get("count").asInt()).isZero();

        api.pinset.remove(b); // out of the cluster's pinset behind the request's back: asked directly (queued)
        assertThat(names(send("GET", "/pins?status=queued", alice, null))).containsExactly("b");
        assertThat(index.directAnswers()).isEqualTo(1);
    }

    private static java.util.List<String> names(HttpResponse<String> r) {
        java.util.List<String> out = new java.util.ArrayList<>();
        json(r).get("results").forEach(p -> out.add(p.at("/pin/name").asText()));
        assertThat(json(r).get("count").asInt()).isEqualTo(out.size());
        return out;
    }

    @Test
    void badInputIs400NamingTheProblem() {
        assertBadRequest(send("POST", "/pins", alice, "{}"), "cid");
        assertBadRequest(send("POST", "/pins", alice, "{\"cid\":\"not-a-cid\"}"), "not a CID");
        assertBadRequest(send("POST", "/pins", alice, "not json"), "JSON");
        assertBadRequest(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"" + "n".repeat(256)
                + "\"}"), "name");
        assertBadRequest(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"meta\":{\"k\":1}}"), "meta");
        assertBadRequest(send("GET", "/pins?limit=1001", alice, null), "limit");
        assertBadRequest(send("GET", "/pins?limit=0", alice, null), "limit");
        assertBadRequest(send("GET", "/pins?status=done", alice, null), "status");
        assertBadRequest(send("GET", "/pins?match=fuzzy&name=x", alice, null), "match");
        assertBadRequest(send("GET", "/pins?before=yesterday", alice, null), "before");
        assertBadRequest(send("GET", "/pins?meta=%7Bbad", alice, null), "meta");
        assertThat(api.pinset).isEmpty();
        HttpResponse<String> unknown = send("GET", "/nowhere", alice, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/error/reason").asText()).isEqualTo("NOT_FOUND");
    }

    /**
     * The REST API refuses {@code meta-=x}; a request's metadata ends up in the same places (the cluster's pins are
     * listed and filtered by key), so an add or a replace with an empty key is refused too, and changes nothing.
     */
    @Test
    void anEmptyMetaKeyIs400OnAddAndReplaceAsOnTheRestApi() {
        String body = "{\"cid\":\"" + CID_A + "\",\"meta\":{\"app\":\"x\",\"\":\"y\"}}";
        assertBadRequestSaying(send("POST", "/pins", alice, body), "meta: empty key");
        assertThat(api.pinset).isEmpty();

        String old = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_B + "\"}")).get("requestid").asText();
        assertBadRequestSaying(send("POST", "/pins/" + old, alice, body), "meta: empty key");
        assertThat(send("GET", "/pins/" + old, alice, null).statusCode()).as("the old request stays").isEqualTo(200);
        assertThat(api.pinset).containsOnlyKeys(Cid.parse(CID_B));
    }

    /**
     * Origins are checked by the REST API's own rule (a multiaddr with a valid {@code /p2p/<peer ID>} part), and the
     * answer names the bad one; the spec's limit of 20 stays.
     */
    @Test
    void anOriginThatIsNoMultiaddrWithAPeerIdIs400NamingIt() {
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins("/ip4/10.0.0.1/tcp/4001")),
                "origins: '/ip4/10.0.0.1/tcp/4001' has no /p2p/<peer ID> part");
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins(ORIGIN, "ip4/10.0.0.2/tcp/4001")),
                "origins: 'ip4/10.0.0.2/tcp/4001' is not a multiaddr");
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins("/ip4/10.0.0.1/tcp/4001/p2p/QmSource")),
                "origins: '/ip4/10.0.0.1/tcp/4001/p2p/QmSource': invalid peer ID 'QmSource'");
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins("x".repeat(100))), "origins: '"
                + "x".repeat(64) + "…");
        String[] many = new String[io.pincluster.core.psa.PsaPin.MAX_ORIGINS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = "/ip4/10.0.0." + i + "/tcp/4001/p2p/" + FakeClusterApi.PEER_A;
        }
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins(many)), "origins must be an array of at"
                + " most 20 multiaddr strings");
        assertThat(api.pinset).isEmpty();

        String old = json(send("POST", "/pins", alice, pinWithOrigins(ORIGIN))).get("requestid").asText();
        assertBadRequestSaying(send("POST", "/pins/" + old, alice, "{\"cid\":\"" + CID_B + "\",\"origins\":"
                + "[\"/dns4/example.com/tcp/4001\"]}"), "origins: '/dns4/example.com/tcp/4001' has no /p2p/<peer ID>"
                + " part");
        assertThat(json(send("GET", "/pins/" + old, alice, null)).at("/pin/origins/0").asText()).isEqualTo(ORIGIN);
        assertThat(api.pinset).containsOnlyKeys(Cid.parse(CID_A));
    }

    /**
     * A name is any string to the spec, but one with half a surrogate pair (the JSON escape <code>&#92;ud800</code>
     * alone) is not Unicode and cannot be stored as sent: it came back as {@code ?}. Refused; a whole pair is kept as
     * sent.
     */
    @Test
    void aNameWithALoneSurrogateIs400AndAWholePairIsKept() {
        assertBadRequestSaying(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"ab\\ud800\"}"),
                "name is not valid Unicode: a lone UTF-16 surrogate at character 2");
        assertBadRequestSaying(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"\\udc00x\"}"),
                "name is not valid Unicode: a lone UTF-16 surrogate at character 0");
        assertBadRequestSaying(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":"
                + "\"\\ude00\\ud83d\"}"), "name is not valid Unicode: a lone UTF-16 surrogate at character 0");
        assertThat(api.pinset).isEmpty();

        HttpResponse<String> added = send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":"
                + "\"smile \\ud83d\\ude00\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(202);
        String id = json(added).get("requestid").asText();
        assertThat(json(send("GET", "/pins/" + id, alice, null)).at("/pin/name").asText())
                .isEqualTo("smile \uD83D\uDE00");
        assertBadRequestSaying(send("POST", "/pins/" + id, alice, "{\"cid\":\"" + CID_A + "\",\"name\":"
                + "\"\\ud800\"}"), "name is not valid Unicode");
        assertThat(json(send("GET", "/pins/" + id, alice, null)).at("/pin/name").asText()).as("the old request stays")
                .isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void metadataAndOriginsWithALoneSurrogateAre400() {
        // JSON escapes (\\ud800 in this source): the lone surrogate reaches the server as the JSON text says
        assertBadRequestSaying(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"meta\":{\"k\\ud800\":\"v\"}}"),
                "meta: the entry 'k\\ud800' is not valid Unicode (a lone UTF-16 surrogate)");
        assertBadRequestSaying(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"meta\":{\"k\":\"\\udc00\"}}"),
                "meta: the entry 'k' is not valid Unicode (a lone UTF-16 surrogate)");
        assertBadRequestSaying(send("POST", "/pins", alice, pinWithOrigins("/dns4/a\\ud800b/tcp/4001/p2p/"
                + FakeClusterApi.PEER_A)), "origins: '/dns4/a\\ud800b/tcp/4001/p2p/");
        assertThat(api.pinset).isEmpty();
    }

    private static String pinWithOrigins(String... origins) {
        StringBuilder b = new StringBuilder("{\"cid\":\"" + CID_A + "\",\"origins\":[");
        for (int i = 0; i < origins.length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(origins[i]).append('"');
        }
        return b.append("]}").toString();
    }

    @Test
    void aCidPinnedThroughTheRestApiIsNeverUnpinnedByTheLastRequest() {
        api.pin(Cid.parse(CID_B), io.pincluster.core.pin.PinOptions.DEFAULTS).join();
        String id = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_B + "\"}")).get("requestid").asText();
        assertThat(send("DELETE", "/pins/" + id, alice, null).statusCode()).isEqualTo(202);
        assertThat(api.pinset).as("the REST API's pin is not the Pinning Service API's to remove")
                .containsKey(Cid.parse(CID_B));
        assertThat(api.writes).doesNotContain("unpin " + CID_B);
    }

    @Test
    void aReaderMayListButNotPin() {
        HttpResponse<String> refused = send("POST", "/pins", reader, "{\"cid\":\"" + CID_A + "\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).at("/error/reason").asText()).isEqualTo("FORBIDDEN");
        assertThat(send("GET", "/pins", reader, null).statusCode()).isEqualTo(200);
        assertThat(api.pinset).isEmpty();
    }

    @Test
    void aTenantOverItsQuotaIsRefusedWith409UntilItDeletes() {
        server.stop();
        start(2);
        String first = json(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\"}")).get("requestid").asText();
        assertThat(send("POST", "/pins", alice, "{\"cid\":\"" + CID_B + "\"}").statusCode()).isEqualTo(202);

        HttpResponse<String> over = send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"3rd\"}");
        assertThat(over.statusCode()).isEqualTo(409);
        assertThat(json(over).at("/error/reason").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(json(over).at("/error/details").asText()).contains("alice").contains("2");
        assertThat(send("POST", "/pins", bob, "{\"cid\":\"" + CID_A + "\"}").statusCode())
                .as("the quota is per tenant").isEqualTo(202);
        assertThat(send("POST", "/pins/" + first, alice, "{\"cid\":\"" + CID_A + "\",\"name\":\"r\"}").statusCode())
                .as("a replace does not grow the count").isEqualTo(202);

        String replaced = json(send("GET", "/pins?name=r", alice, null)).at("/results/0/requestid").asText();
        assertThat(send("DELETE", "/pins/" + replaced, alice, null).statusCode()).isEqualTo(202);
        assertThat(send("POST", "/pins", alice, "{\"cid\":\"" + CID_A + "\"}").statusCode()).isEqualTo(202);
    }

    private static void assertBadRequest(HttpResponse<String> r, String mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.at("/error/reason").asText()).isEqualTo("BAD_REQUEST");
        assertThat(body.at("/error/details").asText()).containsIgnoringCase(mentions);
    }

    private static void assertBadRequestSaying(HttpResponse<String> r, String details) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.at("/error/reason").asText()).isEqualTo("BAD_REQUEST");
        assertThat(body.at("/error/details").asText()).startsWith(details);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        return sendRaw(method, path, token == null ? null : "Bearer " + token, body);
    }

    private HttpResponse<String> sendRaw(String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
