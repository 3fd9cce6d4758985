package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The exact query strings ipfs-cluster's Go client builds ({@code PinOptions.ToQuery},
 * {@code AddParams.ToQueryString}) with default options: every empty or default value must be accepted.
 */
class GoClientCompatTest extends RestTestSupport {
    static final String PIN_DEFAULTS = "replication-min=0&replication-max=0&name=&mode=recursive&shard-size=0"
            + "&user-allocations=";
    static final String ADD_DEFAULTS = "replication-min=0&replication-max=0&name=&mode=recursive"
            + "&shard-size=104857600&user-allocations=&shard=false&local=false&recursive=false&layout=&chunker="
            + "size-262144&raw-leaves=false&hidden=false&wrap-with-directory=false&progress=false&cid-version=0"
            + "&hash=sha2-256&stream-channels=true&nocopy=false&format=unixfs&no-pin=false";

    @Test
    void ctlPinGoesThroughThePathRouteWithDefaultOptions() {
        Cid cid = FakeClusterApi.cid("ctl");
        HttpResponse<String> r = send("POST", "/pins/ipfs/" + cid + "?" + PIN_DEFAULTS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("cid").asText()).isEqualTo(cid.toString());
        PinOptions stored = api.pinset.get(cid).options();
        assertThat(stored.replicationMin()).isZero();
        assertThat(stored.mode()).isEqualTo(PinMode.RECURSIVE);
        assertThat(stored.name()).isEmpty();
        HttpResponse<String> unpinned = send("DELETE", "/pins/ipfs/" + cid);
        assertThat(unpinned.statusCode()).isEqualTo(200);
        assertThat(api.pinset).isEmpty();
    }

    @Test
    void directModeIsHonouredOnTheCidRoute() {
        Cid cid = FakeClusterApi.cid("direct");
        HttpResponse<String> r = send("POST", "/pins/" + cid + "?mode=direct");
        assertThat(json(r.body()).get("mode").asText()).isEqualTo("direct");
        assertThat(json(r.body()).get("max_depth").asInt()).isZero();
    }

    @Test
    void ctlAddWithDefaultParameters() {
        HttpResponse<String> r = Multiparts.post(this, "/add?" + ADD_DEFAULTS, Multiparts.file("f.txt", "data"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lines(r.body())).hasSize(1);
    }

    @Test
    void statusFilterAsTheClientSendsIt() {
        send("POST", "/pins/" + FakeClusterApi.cid("s"));
        assertThat(send("GET", "/pins?local=false&filter=").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/pins?local=false&filter=undefined").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/pins?local=false&filter=pin_error,queued").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/pins?filter=unpinned").statusCode()).isEqualTo(204);
        assertThat(send("GET", "/allocations?filter=pin").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/allocations?filter=meta-pin").statusCode()).isEqualTo(204);
    }

    @Test
    void allocationExtensionsFilterAndPage() {
        send("POST", "/pins/" + FakeClusterApi.cid("a") + "?name=site-a&meta-team=x");
        send("POST", "/pins/" + FakeClusterApi.cid("b") + "?name=site-b&meta-team=y");
        send("POST", "/pins/" + FakeClusterApi.cid("c") + "?name=other&meta-team=x");
        assertThat(lines(send("GET", "/allocations?name-prefix=site-").body())).hasSize(2);
        assertThat(lines(send("GET", "/allocations?name=other").body())).hasSize(1);
        assertThat(lines(send("GET", "/allocations?meta-team=x").body())).hasSize(2);
        var first = lines(send("GET", "/allocations?limit=1").body());
        assertThat(first).hasSize(1);
        var rest = lines(send("GET", "/allocations?after=" + first.get(0).get("cid").asText()).body());
        assertThat(rest).hasSize(2);
        assertThat(rest.findValuesAsText("cid")).doesNotContain(first.get(0).get("cid").asText());
    }
}
