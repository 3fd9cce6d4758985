package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.rest.routes.PinBatchRoute;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /pins}: many CIDs in one request, validated whole, answered per CID in request order. */
class PinBatchRouteTest extends RestTestSupport {
    static final Cid A = FakeClusterApi.cid("batch-a");
    static final Cid B = FakeClusterApi.cid("batch-b");
    static final Cid C = FakeClusterApi.cid("batch-c");

    private HttpResponse<String> post(String query, String body) {
        return send("POST", "/pins" + query, HttpRequest.BodyPublishers.ofString(body),
                Map.of("Content-Type", "text/plain"));
    }

    @Test
    void pinsEveryCidWithTheQueryOptionsAndAnswersInRequestOrder() {
        HttpResponse<String> r = post("?name=nightly&replication-min=1&replication-max=2",
                A + "\n\n  " + B + "  \r\n" + C);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.get("pinned").asInt()).isEqualTo(3);
        assertThat(body.get("failed").asInt()).isZero();
        assertThat(body.has("code")).isFalse();
        assertThat(body.get("items")).extracting(i -> i.get("cid").asText())
                .containsExactly(A.toString(), B.toString(), C.toString());
        assertThat(body.get("items").get(1).get("name").asText()).isEqualTo("nightly");
        assertThat(body.get("items").get(1).get("replication_factor_max").asInt()).isEqualTo(2);
        assertThat(api.writes).containsExactly("pin " + A, "pin " + B, "pin " + C);
    }

    @Test
    void oneBadLineRejectsTheWholeRequestAndNothingIsPinned() {
        HttpResponse<String> r = post("", A + "\nbafyNOTACID\n" + B);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("line 2", "bafyNOTACID");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void emptyOrOversizedBodiesAndBadOptionsAreRefused() {
        assertThat(post("", "\n \n").statusCode()).isEqualTo(400);
        assertThat(json(post("", "").body()).get("message").asText()).contains("no CIDs");
        String tooMany = (A + "\n").repeat(PinBatchRoute.MAX_CIDS + 1);
        HttpResponse<String> r = post("", tooMany);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("more than " + PinBatchRoute.MAX_CIDS);
        assertThat(post("?mode=shallow", A.toString()).statusCode()).isEqualTo(400);
        assertThat(api.writes).isEmpty();
    }

    @Test
    void failedPinsAreReportedPerCidAndInTheStatus() {
        api.failingPins.add(B);
        HttpResponse<String> r = post("", A + "\n" + B + "\n" + C);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = json(r.body());
        assertThat(body.get("code").asInt()).isEqualTo(503);
        assertThat(body.get("message").asText()).contains("1 of 3 pins failed", "no quorum");
        assertThat(body.get("pinned").asInt()).isEqualTo(2);
        assertThat(body.get("failed").asInt()).isEqualTo(1);
        JsonNode failure = body.get("items").get(1);
        assertThat(failure.get("cid").asText()).isEqualTo(B.toString());
        assertThat(failure.get("code").asInt()).isEqualTo(503);
        assertThat(body.get("items").get(2).get("cid").asText()).isEqualTo(C.toString());
        assertThat(api.writes).containsExactly("pin " + A, "pin " + C);
    }
}
