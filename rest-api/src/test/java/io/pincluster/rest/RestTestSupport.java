package io.pincluster.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.component.ClusterApi;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts one real {@link RestApiServer} per test class on 127.0.0.1:0 over a {@link FakeClusterApi} (reset
 * before each test), plus HTTP helpers. One server per class because stopping one takes Netty's 2 s quiet period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RestTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(FakeClusterApi.NOW, ZoneOffset.UTC);

    final FakeClusterApi api = new FakeClusterApi();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    RestApiServer server;
    String auth;

    /** The configuration of this class's server; port 0 is forced. */
    RestConfig config() {
        return RestConfig.defaults();
    }

    /** The clock of this class's servers. */
    Clock clock() {
        return CLOCK;
    }

    @BeforeAll
    void startServer() {
        server = new RestApiServer(config().withPort(0), ClusterApi.of(api), clock()).start();
    }

    @AfterAll
    void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetFake() {
        api.reset();
        auth = null;
    }

    /** Runs {@code body} against a second server built from {@code other}, then stops it. */
    void withServer(RestConfig other, Runnable body) {
        RestApiServer main = server;
        server = new RestApiServer(other.withPort(0), ClusterApi.of(api), clock()).start();
        try {
            body.run();
        } finally {
            server.stop();
            server = main;
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    HttpResponse<String> send(String method, String path) {
        return send(method, path, HttpRequest.BodyPublishers.noBody(), Map.of());
    }

    HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).method(method, body);
        if (auth != null) {
            b.header("Authorization", auth);
        }
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** NDJSON body → array of its lines' JSON. */
    static ArrayNode lines(String body) {
        ArrayNode out = JSON.createArrayNode();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(json(line));
            }
        }
        return out;
    }

    static JsonNode golden(String name) {
        try (InputStream in = RestTestSupport.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
