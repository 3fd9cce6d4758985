package io.pincluster.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The few HTTP exchanges the commands need, over {@code java.net.http}. Non-2xx answers become
 * {@link ApiException} with the server's message; failures to get an answer become
 * {@link TransportException}. Streamed (NDJSON) answers are read one line at a time, never buffered
 * whole; 204 means "nothing".
 */
final class RestClient {
    private final Endpoint endpoint;
    private final HttpClient http;
    private final ObjectMapper json;

    RestClient(Endpoint endpoint, ObjectMapper json) {
        this(endpoint, json, null);
    }

    /** {@code tls} decides whom HTTPS trusts; null for the JVM's default authorities. */
    RestClient(Endpoint endpoint, ObjectMapper json, javax.net.ssl.SSLContext tls) {
        this.endpoint = endpoint;
        this.json = json;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** One JSON object answer; null when the server answered 204. */
    JsonNode call(String method, String pathAndQuery) {
        HttpResponse<InputStream> response = send(request(pathAndQuery).method(method, HttpRequest.BodyPublishers.noBody()));
        try (InputStream body = response.body()) {
            if (response.statusCode() == 204) {
                return null;
            }
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? null : parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransportException("reading the answer to " + method + " " + pathAndQuery + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #call(String, String)}, sending {@code jsonBody} as an {@code application/json} body. */
    JsonNode call(String method, String pathAndQuery, String jsonBody) {
        HttpResponse<InputStream> response = send(request(pathAndQuery).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)));
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            return response.statusCode() == 204 || bytes.length == 0 ? null
                    : parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransportException("reading the answer to " + method + " " + pathAndQuery + ": " + e.getMessage(), e);
        }
    }

    /** An NDJSON answer, one object per line handed to {@code each}; returns how many there were. */
    long stream(String method, String pathAndQuery, Consumer<JsonNode> each) {
        return readLines(send(request(pathAndQuery).method(method, HttpRequest.BodyPublishers.noBody())), each);
    }

    /** Uploads a body streamed from {@code body} and reads the NDJSON answer. */
    long upload(String pathAndQuery, String contentType, Supplier<InputStream> body, Consumer<JsonNode> each) {
        HttpRequest.Builder builder = request(pathAndQuery)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body));
        return readLines(send(builder), each);
    }

    /**
     * Saves a binary answer to {@code target} (created or replaced) and returns the answer's headers. A body that
     * ends before its {@code Content-Length} fails as a broken transfer.
     */
    java.net.http.HttpHeaders download(String pathAndQuery, java.nio.file.Path target) {
        HttpResponse<InputStream> response = send(request(pathAndQuery).GET());
        try (InputStream body = response.body()) {
            java.nio.file.Files.copy(body, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TransportException("the download from " + endpoint.baseUrl() + " broke off: " + e.getMessage(),
                    e);
        }
        return response.headers();
    }

    /** Uploads {@code file} as an {@code application/octet-stream} body and reads the one JSON object answer. */
    JsonNode uploadFile(String pathAndQuery, java.nio.file.Path file) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": no such file", e);
        }
        HttpResponse<InputStream> response = send(request(pathAndQuery)
                .header("Content-Type", "application/octet-stream").POST(publisher));
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? null : parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransportException("reading the answer to POST " + pathAndQuery + ": " + e.getMessage(), e);
        }
    }

    private long readLines(HttpResponse<InputStream> response, Consumer<JsonNode> each) {
        long count = 0;
        try (InputStream body = response.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (response.statusCode() == 204) {
                return 0;
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    each.accept(parse(line));
                    count++;
                }
            }
        } catch (IOException e) {
            throw new TransportException("the stream from " + endpoint.baseUrl() + " broke off: " + e.getMessage(), e);
        }
        return count;
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery));
        if (endpoint.authorization() != null) {
            b.header("Authorization", endpoint.authorization());
        }
        if (endpoint.timeout() != null) {
            b.timeout(endpoint.timeout());
        }
        return b;
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage()
                    : e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
            throw new TransportException("cannot reach " + endpoint.baseUrl() + ": " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for " + endpoint.baseUrl(), e);
        }
        if (response.statusCode() >= 300) {
            throw failure(response);
        }
        return response;
    }

    private ApiException failure(HttpResponse<InputStream> response) {
        String text;
        try (InputStream body = response.body()) {
            text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            text = "";
        }
        String message = text;
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, say): show the text as it came.
        }
        if (message.isEmpty()) {
            message = "HTTP " + response.statusCode();
        }
        return new ApiException(response.statusCode(), message);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TransportException("the server sent something that is not JSON: "
                    + text.substring(0, Math.min(200, text.length())), e);
        }
    }
}
