package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AddRouteTest extends RestTestSupport {
    @Test
    void oneFileStreamsOneLineAndPinsIt() {
        HttpResponse<String> r = Multiparts.post(this, "/add?name=greeting", Multiparts.file("hello.txt", "hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-chunked-output")).hasValue("1");
        assertThat(r.headers().firstValue("trailer")).hasValue("X-Stream-Error");
        ArrayNode lines = lines(r.body());
        assertThat(lines).hasSize(1);
        String cid = FakeClusterApi.rawCid("hello".getBytes()).toString();
        assertThat(lines.get(0).get("cid").asText()).isEqualTo(cid);
        assertThat(lines.get(0).get("allocations")).hasSize(2);
        assertThat(api.writes).containsExactly("pin " + cid);
        assertThat(api.pinset.values().iterator().next().options().name()).isEqualTo("greeting");
    }

    @Test
    void aDirectoryTreeArrivesPartByPartWithItsPaths() {
        HttpResponse<String> r = Multiparts.post(this, "/add?recursive=true",
                Multiparts.directory("docs"),
                Multiparts.file("docs/a b.txt", "first"),
                Multiparts.directory("docs/sub"),
                Multiparts.file("docs/sub/c.txt", "x".repeat(300_000)));
        assertThat(r.statusCode()).isEqualTo(200);
        ArrayNode lines = lines(r.body());
        assertThat(lines).extracting(n -> n.get("name").asText())
                .containsExactly("docs/a b.txt", "docs/sub", "docs/sub/c.txt", "docs");
        assertThat(lines.get(2).get("size").asLong()).isEqualTo(300_000);
        assertThat(lines.get(3).get("cid").asText()).isEqualTo(FakeClusterApi.cid("dir:docs").toString());
        assertThat(api.writes).containsExactly("pin " + FakeClusterApi.cid("dir:docs"));
    }

    @Test
    void streamChannelsFalseGivesOneArray() {
        HttpResponse<String> r = Multiparts.post(this, "/add?stream-channels=false&progress=true",
                Multiparts.directory("d"), Multiparts.file("d/x", "12345"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(3);
        assertThat(body.get(0).get("cid").isNull()).isTrue();
        assertThat(body.get(0).get("bytes").asLong()).isEqualTo(5);
    }

    @Test
    void progressLinesOnlyWhenAsked() {
        HttpResponse<String> quiet = Multiparts.post(this, "/add", Multiparts.file("f", "abc"));
        assertThat(lines(quiet.body())).allSatisfy(n -> assertThat(n.get("cid").isNull()).isFalse());
        HttpResponse<String> loud = Multiparts.post(this, "/add?progress=true", Multiparts.file("f", "abc"));
        assertThat(lines(loud.body()).get(0).get("bytes").asLong()).isEqualTo(3);
        assertThat(lines(loud.body()).get(0).get("cid").isNull()).isTrue();
    }

    @Test
    void noPinAddsWithoutPinning() {
        HttpResponse<String> r = Multiparts.post(this, "/add?no-pin=true", Multiparts.file("f", "abc"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(api.writes).isEmpty();
    }

    @Test
    void aFailureAfterTheFirstLineGoesIntoTheTrailer() {
        WebClient client = WebClient.of(base());
        AggregatedHttpResponse r = client.execute(RequestHeaders.of(HttpMethod.POST, "/add",
                HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + Multiparts.BOUNDARY),
                Multiparts.body(Multiparts.directory("d"), Multiparts.file("d/a", "1"), Multiparts.file("d/b", "2"),
                        Multiparts.file("d/disk-full", "3"))).aggregate().join();
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(lines(r.contentUtf8())).hasSize(2);
        assertThat(r.trailers().get("x-stream-error")).isEqualTo("no space left for d/disk-full");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void aFailureBeforeAnyOutputIsTheStatus() {
        HttpResponse<String> r = Multiparts.post(this, "/add", Multiparts.file("disk-full", "x"));
        assertThat(r.statusCode()).isEqualTo(507);
        assertThat(json(r.body()).get("message").asText()).isEqualTo("no space left for disk-full");
    }

    @Test
    void anEmptyUploadIsABadRequest() {
        HttpResponse<String> r = Multiparts.post(this, "/add");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("message").asText()).contains("no files");
    }
}
