package io.pincluster.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Asks a local peer whether it is up ({@code GET /health}) and which Raft leader it sees ({@code GET /id}). */
final class ReadinessProbe {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;

    ReadinessProbe(String user, String password) {
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    boolean healthy(PeerPorts ports) {
        HttpResponse<String> r = get(ports.restUrl() + "/health", false);
        return r != null && r.statusCode() / 100 == 2;
    }

    /** The leader's peer ID as this peer sees it, or null while there is none (or the peer does not answer). */
    String leader(PeerPorts ports) {
        HttpResponse<String> r = get(ports.restUrl() + "/id", true);
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        try {
            JsonNode leader = json.readTree(r.body()).path("raft").path("leader");
            return leader.isTextual() && !leader.asText().isEmpty() ? leader.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse<String> get(String url, boolean withAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET();
        if (withAuth) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
