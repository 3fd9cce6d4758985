package io.pincluster.rest;

import static io.pincluster.rest.FakeClusterApi.PEER_A;
import static io.pincluster.rest.FakeClusterApi.PEER_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route's JSON against golden files written from ipfs-cluster's documented shapes (field names, nulls,
 * omitted fields, zero times), compared as JSON trees so types must match too.
 */
class GoldenJsonTest extends RestTestSupport {
    static final Cid ONE = FakeClusterApi.cid("one");
    static final String PIN_QUERY = "?name=website&replication-min=2&replication-max=3&meta-app=x&user-allocations="
            + PEER_A + "&expire-at=2030-01-01T00:00:00Z&origins=/ip4/1.2.3.4/tcp/4001/p2p/" + PEER_B;

    @BeforeEach
    void pinFixture() {
        HttpResponse<String> pinned = send("POST", "/pins/" + ONE + PIN_QUERY);
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(pinned.body())).isEqualTo(golden("pin.json"));
    }

    @Test
    void allocationsMatchThePinShape() {
        assertThat(json(send("GET", "/allocations/" + ONE).body())).isEqualTo(golden("allocation.json"));
        assertThat(lines(send("GET", "/allocations").body())).isEqualTo(golden("allocations.json"));
    }

    @Test
    void statusMatchesTheGlobalPinInfoShape() {
        assertThat(json(send("GET", "/pins/" + ONE).body())).isEqualTo(golden("status.json"));
        assertThat(lines(send("GET", "/pins").body())).isEqualTo(golden("status-all.json"));
        assertThat(json(send("POST", "/pins/" + ONE + "/recover").body())).isEqualTo(golden("status.json"));
        assertThat(lines(send("POST", "/pins/recover").body())).isEqualTo(golden("status-all.json"));
    }

    @Test
    void unpinReturnsThePinAsItWas() {
        assertThat(json(send("DELETE", "/pins/" + ONE).body())).isEqualTo(golden("allocation.json"));
        HttpResponse<String> again = send("DELETE", "/pins/" + ONE);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(json(again.body())).isEqualTo(golden("error-not-pinned.json"));
    }

    @Test
    void peerRoutesMatchTheIdShape() {
        assertThat(json(send("GET", "/id").body())).isEqualTo(golden("id.json"));
        assertThat(lines(send("GET", "/peers").body())).isEqualTo(golden("peers.json"));
        assertThat(json(send("GET", "/version").body())).isEqualTo(golden("version.json"));
        HttpResponse<String> added = send("POST", "/peers",
                HttpRequest.BodyPublishers.ofString("{\"peer_id\":\"" + PEER_B + "\"}"), Map.of());
        assertThat(json(added.body())).isEqualTo(golden("peer-add.json"));
    }

    @Test
    void monitorRoutesMatchTheMetricAndAlertShapes() {
        assertThat(json(send("GET", "/monitor/metrics").body())).isEqualTo(golden("metric-names.json"));
        assertThat(json(send("GET", "/monitor/metrics/freespace").body()))
                .isEqualTo(golden("metrics-freespace.json"));
        assertThat(json(send("GET", "/monitor/metrics/tag:zone").body())).isEqualTo(golden("metrics-zone.json"));
        HttpResponse<String> none = send("GET", "/monitor/metrics/nothing");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none.body())).isEqualTo(json("[]"));
        assertThat(json(send("GET", "/health/alerts").body())).isEqualTo(golden("alerts.json"));
    }

    @Test
    void unknownRouteIsTheDocumentedNotFound() {
        HttpResponse<String> r = send("GET", "/nowhere");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body())).isEqualTo(golden("error-not-found.json"));
    }

    @Test
    void addOutputMatchesTheAddedOutputShape() {
        HttpResponse<String> r = Multiparts.post(this, "/add?progress=true&cid-version=1",
                Multiparts.file("hello.txt", "hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lines(r.body())).isEqualTo(golden("add-progress.json"));
    }
}
