package io.pincluster.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A peer's public REST API over plain HTTP with Basic Auth, the only way the cluster tests talk to peers. A failed
 * connection is an {@link Answer} with status -1 (a dead peer is a normal state in these tests), not an exception.
 */
public final class RestClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One HTTP answer; status -1 when there was none (connection refused, timeout). */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The NDJSON lines of a streamed answer (none for 204). */
        public List<JsonNode> lines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        nodes.add(MAPPER.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                }
            }
            return nodes;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String authorization;

    public RestClient(URI base, String user, String password) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return call("GET", path, Duration.ofSeconds(30));
    }

    public Answer post(String path) {
        return call("POST", path, Duration.ofSeconds(60));
    }

    public Answer delete(String path) {
        return call("DELETE", path, Duration.ofSeconds(60));
    }

    /** A request without a body; {@code timeout} bounds the whole exchange. */
    public Answer call(String method, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", authorization).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return send(request);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /**
     * {@code POST /add} of one file as a {@code multipart/form-data} body, as {@code ipfs add} sends it;
     * {@code query} holds the add and pin options ({@code replication-min=2&...}, may be empty).
     */
    public Answer add(String fileName, byte[] content, String query) {
        String boundary = "----pincluster-it-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/add" + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail))).build();
        return send(request);
    }

    /** True when {@code /health} answers 2xx (the load balancer check, no auth needed). */
    public boolean healthy() {
        return call("GET", "/health", Duration.ofSeconds(5)).ok();
    }

    /** {@code /id}'s {@code raft} object, or null when the peer does not answer. */
    public JsonNode raft() {
        Answer a = call("GET", "/id", Duration.ofSeconds(5));
        return a.status() == 200 ? a.json().path("raft") : null;
    }
}
