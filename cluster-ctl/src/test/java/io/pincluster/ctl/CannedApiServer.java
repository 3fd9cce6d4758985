package io.pincluster.ctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers routes with canned ipfs-cluster JSON and records
 * every request, standing in for a peer at the system's edge.
 */
final class CannedApiServer implements AutoCloseable {
    record Answer(int status, String body) {
    }

    record Request(String method, String path, String query, String authorization, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    CannedApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Answers {@code method path} with the given answers in turn; the last one repeats. A 404 JSON error
     * answers anything not set up.
     */
    CannedApiServer on(String method, String path, Answer... inOrder) {
        answers.put(method + " " + path, new ArrayDeque<>(List.of(inOrder)));
        return this;
    }

    static Answer ok(String json) {
        return new Answer(200, json);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
        Answer answer;
        if (queue == null) {
            answer = new Answer(404, "{\"code\":404,\"message\":\"not found\"}");
        } else {
            synchronized (queue) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
