package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad requests get a 4xx JSON error naming the problem, and the cluster is never asked to write. */
class BadInputTest extends RestTestSupport {
    static final Cid CID = FakeClusterApi.cid("bad-input");

    @Override
    RestConfig config() {
        return RestConfig.defaults().withBodyLimits(1024, 4096);
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(api.writes).isEmpty();
    }

    private void assertBadRequest(String method, String path, String... messageParts) {
        HttpResponse<String> r = send(method, path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(json(r.body()).get("code").asInt()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains(messageParts);
    }

    @Test
    void malformedCid() {
        assertBadRequest("POST", "/pins/bafyNOTACID", "bafyNOTACID");
        assertBadRequest("DELETE", "/pins/QmShort", "QmShort", "CIDv0");
        assertBadRequest("GET", "/allocations/zzz", "zzz");
    }

    @Test
    void badPinOptions() {
        assertBadRequest("POST", "/pins/" + CID + "?replication-min=3&replication-max=2",
                "replication-min (3)", "replication-max (2)");
        assertBadRequest("POST", "/pins/" + CID + "?mode=shallow", "mode", "shallow");
        assertBadRequest("POST", "/pins/" + CID + "?expire-at=2020-01-01T00:00:00Z", "expire-at", "in the past");
        assertBadRequest("POST", "/pins/" + CID + "?expire-at=tomorrow", "expire-at", "tomorrow");
        assertBadRequest("POST", "/pins/" + CID + "?expire-in=10parsecs", "expire-in", "parsecs");
        assertBadRequest("POST", "/pins/" + CID + "?expire-in=500ms", "expire-in", "shorter than 1s");
        assertBadRequest("POST", "/pins/" + CID + "?origins=/ip4/1.2.3.4/tcp/4001", "origins", "/p2p/");
        assertBadRequest("POST", "/pins/" + CID + "?origins=/ip4/1.2.3.4/tcp/4001/p2p/nope", "origins", "nope");
        assertBadRequest("POST", "/pins/" + CID + "?user-allocations=" + FakeClusterApi.PEER_A + ",notapeer",
                "user-allocations", "notapeer");
        assertBadRequest("POST", "/pins/" + CID + "?replication-min=two", "replication-min", "two");
        assertBadRequest("POST", "/pins/" + CID + "?pin-update=xyz", "pin-update", "xyz");
        assertBadRequest("POST", "/pins/ipfs/" + CID + "?mode=shallow", "mode");
    }

    @Test
    void externalCopiesInMetadataMustBeACount() {
        assertBadRequest("POST", "/pins/" + CID + "?meta-external-copies=two", "external-copies",
                "from 0 to 16", "two");
        assertBadRequest("POST", "/pins/" + CID + "?meta-external-copies=17", "external-copies");
    }

    @Test
    void badFilters() {
        assertBadRequest("GET", "/pins?filter=pinned,pinnned", "invalid filter value", "pinnned");
        assertBadRequest("GET", "/pins?filter=bogus", "bogus");
        assertBadRequest("GET", "/pins?cids=" + CID + ",broken", "broken");
        assertBadRequest("GET", "/allocations?filter=pin,bad-type", "invalid filter value", "bad-type");
    }

    @Test
    void badAllocationPaging() {
        assertBadRequest("GET", "/allocations?limit=-1", "limit");
        assertBadRequest("GET", "/allocations?limit=ten", "limit", "ten");
        assertBadRequest("GET", "/allocations?after=notacid", "after", "notacid");
        assertBadRequest("GET", "/allocations?meta-a=1&meta-b=2", "only one meta");
        assertBadRequest("GET", "/allocations?name=a&name-prefix=b", "name-prefix");
    }

    @Test
    void badAddOptions() {
        HttpResponse<String> r = Multiparts.post(this, "/add?chunker=rabin-1-2-3", Multiparts.file("a", "x"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("chunker", "rabin");
        r = Multiparts.post(this, "/add?cid-version=2", Multiparts.file("a", "x"));
        assertThat(r.statusCode()).isEqualTo(400);
        r = send("POST", "/add", HttpRequest.BodyPublishers.ofString("plain"), Map.of("Content-Type", "text/plain"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("multipart/form-data");
    }

    @Test
    void bodyOverTheLimit() {
        HttpResponse<String> r = send("POST", "/peers", HttpRequest.BodyPublishers.ofString("{\"peer_id\":\""
                + "x".repeat(2000) + "\"}"), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r.body()).get("code").asInt()).isEqualTo(413);
        HttpResponse<String> add = Multiparts.post(this, "/add", Multiparts.file("big", "y".repeat(8192)));
        assertThat(add.statusCode()).isEqualTo(413);
        assertThat(json(add.body()).get("code").asInt()).isEqualTo(413);
        // Without a Content-Length the limit is hit while streaming: still a 413, and nothing is pinned.
        add = send("POST", "/add", HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                Multiparts.body(Multiparts.file("big", "y".repeat(8192))))),
                Map.of("Content-Type", "multipart/form-data; boundary=" + Multiparts.BOUNDARY));
        assertThat(add.statusCode()).isEqualTo(413);
        assertThat(json(add.body()).get("code").asInt()).isEqualTo(413);
    }

    @Test
    void badPeerIds() {
        HttpResponse<String> r = send("POST", "/peers", HttpRequest.BodyPublishers.ofString("{\"peer_id\":\"nope\"}"),
                Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("nope");
        r = send("POST", "/peers", HttpRequest.BodyPublishers.ofString("not json"), Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertBadRequest("DELETE", "/peers/nope", "nope");
    }

    @Test
    void wrongMethodAndTrailingSlash() {
        HttpResponse<String> r = send("PUT", "/pins/" + CID);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(json(r.body()).get("code").asInt()).isEqualTo(405);
        r = send("POST", "/pins/" + CID + "/?name=x");
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("location")).hasValue("/pins/" + CID + "?name=x");
    }
}
