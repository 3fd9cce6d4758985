package io.pincluster.service.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.Excerpt;
import io.pincluster.service.config.ExternalSection;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The calls Pincluster makes to one external service through the IPFS Pinning Service API v1.0.0: add a pin
 * ({@code POST /pins}), list this cluster's pins by CID (at most {@value #MAX_CIDS} per call, the spec's limit) or
 * all of them (pages of {@value #MAX_LIMIT}), and remove one ({@code DELETE /pins/{requestid}}). Every list asks
 * for all four statuses: the spec's default is {@code pinned} only. Thread-safe; the token goes in the
 * {@code Authorization} header and nowhere else.
 */
public final class PsaClient {
    /** The spec's most CIDs in one {@code GET /pins}. */
    public static final int MAX_CIDS = 10;
    /** The spec's largest page. */
    static final int MAX_LIMIT = 1000;
    private static final String ALL_STATUSES = "queued,pinning,pinned,failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One pin request on the service, as its {@code PinStatus} says. */
    public record RemotePin(String requestId, Cid cid, String status, Instant created) {
    }

    private final ExternalSection.Service service;
    private final HttpClient http;
    private final Duration timeout;

    public PsaClient(ExternalSection.Service service, HttpClient http, Duration timeout) {
        this.service = service;
        this.http = http;
        this.timeout = timeout;
    }

    public String name() {
        return service.name();
    }

    /** Asks the service to pin {@code cid}; returns the request it made. */
    public RemotePin add(Cid cid, String name, List<String> origins, Map<String, String> meta) {
        ObjectNode body = JSON.createObjectNode();
        body.put("cid", cid.toString());
        body.put("name", name);
        origins.forEach(body.putArray("origins")::add);
        ObjectNode m = body.putObject("meta");
        meta.forEach(m::put);
        JsonNode answer = send("POST /pins", HttpRequest.newBuilder(uri("/pins"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 202);
        return pinStatus(answer);
    }

    /** The requests carrying {@code meta} whose CID is one of {@code cids} (at most {@value #MAX_CIDS}). */
    public List<RemotePin> byCids(Collection<Cid> cids, Map<String, String> meta) {
        if (cids.isEmpty() || cids.size() > MAX_CIDS) {
            throw new IllegalArgumentException("1 to " + MAX_CIDS + " CIDs per call, not " + cids.size());
        }
        String list = cids.stream().map(Cid::toString).collect(Collectors.joining(","));
        return results(list("cid=" + encode(list) + "&" + filter(meta) + "&limit=" + MAX_LIMIT));
    }

    /** Every request carrying {@code meta}, newest first, page by page. */
    public List<RemotePin> all(Map<String, String> meta) {
        List<RemotePin> out = new ArrayList<>();
        Instant before = null;
        while (true) {
            JsonNode page = list(filter(meta) + "&limit=" + MAX_LIMIT
                    + (before == null ? "" : "&before=" + encode(before.toString())));
            List<RemotePin> results = results(page);
            out.addAll(results);
            if (results.size() < MAX_LIMIT) { // not count: services differ on whether it counts past 'before'
                return out;
            }
            Instant oldest = results.get(results.size() - 1).created();
            if (before != null && !oldest.isBefore(before)) {
                throw new ExternalServiceException(name() + ": GET /pins pages do not move back in time");
            }
            before = oldest;
        }
    }

    /** Removes a request; one the service no longer has counts as removed. */
    public void delete(String requestId) {
        send("DELETE /pins/{requestid}", HttpRequest.newBuilder(uri("/pins/" + encode(requestId))).DELETE(), 202,
                404);
    }

    private JsonNode list(String query) {
        return send("GET /pins", HttpRequest.newBuilder(uri("/pins?" + query)).GET(), 200);
    }

    private static String filter(Map<String, String> meta) {
        ObjectNode m = JSON.createObjectNode();
        meta.forEach(m::put);
        return "status=" + encode(ALL_STATUSES) + (meta.isEmpty() ? "" : "&meta=" + encode(m.toString()));
    }

    private List<RemotePin> results(JsonNode page) {
        JsonNode results = page.path("results");
        if (!results.isArray()) {
            throw new ExternalServiceException(name() + ": GET /pins answered without a results array");
        }
        List<RemotePin> out = new ArrayList<>();
        for (JsonNode r : results) {
            out.add(pinStatus(r));
        }
        return out;
    }

    private RemotePin pinStatus(JsonNode n) {
        try {
            return new RemotePin(text(n, "requestid"), Cid.parse(n.path("pin").path("cid").asText()),
                    text(n, "status"), OffsetDateTime.parse(text(n, "created")).toInstant());
        } catch (RuntimeException e) {
            throw new ExternalServiceException(name() + ": a PinStatus the client cannot read: "
                    + Excerpt.of(n.toString()) + " (" + e.getMessage() + ")", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(service.url() + pathAndQuery);
    }

    private JsonNode send(String what, HttpRequest.Builder request, int... expected) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.timeout(timeout).header("Authorization", "Bearer " + service.token())
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ExternalServiceException(name() + ": " + what + " did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw new ExternalServiceException(name() + ": " + what + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalServiceException(name() + ": " + what + " interrupted", e);
        }
        for (int code : expected) {
            if (r.statusCode() == code) {
                return parse(what, r.body());
            }
        }
        throw new ExternalServiceException(name() + ": " + what + " answered " + r.statusCode() + reason(r.body()));
    }

    private JsonNode parse(String what, byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ExternalServiceException(name() + ": " + what + " answered with invalid JSON", e);
        }
    }

    /** The spec's {@code Failure} body: {@code {"error":{"reason","details"}}}; an excerpt of anything else. */
    private static String reason(byte[] body) {
        try {
            JsonNode e = JSON.readTree(body).path("error");
            String reason = e.path("reason").asText("");
            String details = e.path("details").asText("");
            if (!reason.isEmpty()) {
                return ": " + Excerpt.of(details.isEmpty() ? reason : reason + ": " + details);
            }
        } catch (IOException | RuntimeException ignored) {
            // not the spec's JSON: show what came
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + Excerpt.of(text);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
