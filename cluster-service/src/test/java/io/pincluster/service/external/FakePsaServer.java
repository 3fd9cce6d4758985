package io.pincluster.service.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Pinning Service API on loopback with the spec's shapes, holding its requests in memory, for tests of the client
 * side: requests get a status the test sets ({@code queued} at first), lists honour {@code cid}, {@code meta},
 * {@code status}, {@code before} and {@code limit}; every call is counted by method. Not a second Pincluster:
 * {@code ExternalServicesClusterTest} uses one of those.
 */
final class FakePsaServer implements AutoCloseable {
    record Request(String id, String cid, String name, Map<String, String> meta, Instant created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private final List<Request> requests = new ArrayList<>(); // guarded by this
    private final Map<String, String> statuses = new ConcurrentHashMap<>(); // by CID
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private long clock = Instant.parse("2026-12-04T18:00:00Z").toEpochMilli();
    private int ids;

    FakePsaServer(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pins", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The status the service reports for {@code cid} from now on. */
    void status(String cid, String status) {
        statuses.put(cid, status);
    }

    /** A request as if someone (this cluster, an earlier leader) had made it. */
    synchronized Request add(String cid, Map<String, String> meta) {
        Request r = new Request("r" + (++ids), cid, cid, Map.copyOf(meta), Instant.ofEpochMilli(++clock));
        requests.add(r);
        return r;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    int calls(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            calls.computeIfAbsent(x.getRequestMethod(), m -> new AtomicInteger()).incrementAndGet();
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                reply(x, 401, error("UNAUTHORIZED", "bad token"));
                return;
            }
            String path = x.getRequestURI().getPath();
            switch (x.getRequestMethod()) {
                case "POST" -> {
                    JsonNode b = JSON.readTree(x.getRequestBody());
                    Map<String, String> meta = new HashMap<>();
                    b.path("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
                    reply(x, 202, pinStatus(add(b.path("cid").asText(), meta)));
                }
                case "DELETE" -> {
                    String id = path.substring("/pins/".length());
                    boolean removed;
                    synchronized (this) {
                        removed = requests.removeIf(r -> r.id().equals(id));
                    }
                    reply(x, removed ? 202 : 404, removed ? JSON.createObjectNode() : error("NOT_FOUND", id));
                }
                case "GET" -> reply(x, 200, list(query(x.getRequestURI().getRawQuery())));
                default -> reply(x, 405, error("BAD_REQUEST", "method"));
            }
        }
    }

    private synchronized ObjectNode list(Map<String, String> q) throws IOException {
        Set<String> cids = q.containsKey("cid") ? Set.of(q.get("cid").split(",")) : null;
        Set<String> wanted = Set.of(q.getOrDefault("status", "pinned").split(","));
        Map<String, String> meta = new HashMap<>();
        if (q.containsKey("meta")) {
            JSON.readTree(q.get("meta")).fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        }
        Instant before = q.containsKey("before") ? Instant.parse(q.get("before")) : null;
        int limit = Integer.parseInt(q.getOrDefault("limit", "10"));
        List<Request> matches = new ArrayList<>();
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if ((cids == null || cids.contains(r.cid())) && wanted.contains(statusOf(r))
                    && r.meta().entrySet().containsAll(meta.entrySet())
                    && (before == null || r.created().isBefore(before))) {
                matches.add(r);
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.put("count", matches.size());
        ArrayNode results = page.putArray("results");
        matches.stream().limit(limit).forEach(r -> results.add(pinStatus(r)));
        return page;
    }

    private String statusOf(Request r) {
        return statuses.getOrDefault(r.cid(), "queued");
    }

    private ObjectNode pinStatus(Request r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("requestid", r.id());
        o.put("status", statusOf(r));
        o.put("created", r.created().toString());
        ObjectNode pin = o.putObject("pin");
        pin.put("cid", r.cid());
        pin.put("name", r.name());
        ObjectNode meta = pin.putObject("meta");
        r.meta().forEach(meta::put);
        o.putArray("delegates").add("/ip4/127.0.0.1/tcp/4001/p2p/QmFake");
        return o;
    }

    private static ObjectNode error(String reason, String details) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("error").put("reason", reason).put("details", details);
        return o;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            Arrays.stream(raw.split("&")).map(kv -> kv.split("=", 2)).forEach(kv -> q.put(kv[0],
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
        }
        return q;
    }

    private static void reply(HttpExchange x, int code, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
