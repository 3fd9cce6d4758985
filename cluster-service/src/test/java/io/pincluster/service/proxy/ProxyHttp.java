package io.pincluster.service.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.service.ClusterAssembly;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Plain HTTP calls to one peer's REST API and IPFS proxy, as the proxy tests make them. */
final class ProxyHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOUNDARY = "proxy-test-boundary";
    /** An admin, a pinner and a reader. */
    static final Map<String, String> USERS = Map.of(
            "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS",
            "{\"root\":\"root-pw\",\"pat\":\"pat-pw\",\"rita\":\"rita-pw\"}",
            "PINCLUSTER_RESTAPI_USER_ROLES", "{\"pat\":\"pinner\",\"rita\":\"reader\"}",
            "PINCLUSTER_IPFSPROXY_ENABLED", "true",
            "PINCLUSTER_IPFSPROXY_LISTEN", "127.0.0.1:0");
    static final String ROOT = basic("root", "root-pw");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ClusterAssembly peer;

    ProxyHttp(ClusterAssembly peer) {
        this.peer = peer;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String proxyUrl() {
        return peer.proxyUrl().orElseThrow() + "/api/v0";
    }

    /** A proxy command with an empty body. */
    HttpResponse<String> proxy(String method, String commandAndQuery, String authorization) throws Exception {
        return send(URI.create(proxyUrl() + "/" + commandAndQuery), method, HttpRequest.BodyPublishers.noBody(),
                null, authorization);
    }

    /** A proxy command with one multipart file. */
    HttpResponse<String> proxyUpload(String commandAndQuery, String fileName, byte[] content, String authorization)
            throws Exception {
        return send(URI.create(proxyUrl() + "/" + commandAndQuery), "POST",
                HttpRequest.BodyPublishers.ofByteArray(multipart(fileName, content)),
                "multipart/form-data; boundary=" + BOUNDARY, authorization);
    }

    HttpResponse<String> rest(String method, String pathAndQuery) throws Exception {
        return send(URI.create(peer.restUrl() + pathAndQuery), method, HttpRequest.BodyPublishers.noBody(), null,
                ROOT);
    }

    HttpResponse<String> restAs(String method, String pathAndQuery, String authorization) throws Exception {
        return send(URI.create(peer.restUrl() + pathAndQuery), method, HttpRequest.BodyPublishers.noBody(), null,
                authorization);
    }

    HttpResponse<String> restUpload(String pathAndQuery, String fileName, byte[] content) throws Exception {
        return send(URI.create(peer.restUrl() + pathAndQuery), "POST",
                HttpRequest.BodyPublishers.ofByteArray(multipart(fileName, content)),
                "multipart/form-data; boundary=" + BOUNDARY, ROOT);
    }

    /** The root CID a REST {@code /add} (NDJSON lines) reports: its last line. */
    static String lastCid(String ndjson) throws Exception {
        String[] lines = ndjson.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]).get("cid").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(URI uri, String method, HttpRequest.BodyPublisher body, String contentType,
                                      String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, body).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] multipart(String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
