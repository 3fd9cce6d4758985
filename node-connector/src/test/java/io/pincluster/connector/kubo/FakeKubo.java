package io.pincluster.connector.kubo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written Kubo RPC server on 127.0.0.1:0 for unit tests: each command answers what the test scripted, in
 * the shapes (and quirks) Kubo and js-ipfs use. Records every request. Unscripted commands answer Kubo's 404.
 */
final class FakeKubo implements AutoCloseable {
    /** One request as the daemon saw it. */
    record Request(String method, String command, Map<String, List<String>> query, byte[] body, String contentType) {
        String param(String key) {
            List<String> v = query.get(key);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** Writes a whole answer. */
    @FunctionalInterface
    interface Handler {
        void handle(Request request, HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    FakeKubo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v0/", this::dispatch);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    KuboConfig config(Duration fetchTimeout) {
        return KuboConfig.of("127.0.0.1", port()).withFetchTimeout(fetchTimeout)
                .withRequestTimeout(Duration.ofSeconds(10));
    }

    FakeKubo on(String command, Handler handler) {
        handlers.put(command, handler);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String command) {
        return requests.stream().filter(r -> r.command().equals(command)).toList();
    }

    static Handler json(int status, String body) {
        return (req, ex) -> send(ex, status, body);
    }

    static Handler error(int status, String message) {
        return json(status, "{\"Message\":\"" + message + "\",\"Code\":0,\"Type\":\"error\"}");
    }

    /** A streamed 200 answer of these lines, each flushed as written. */
    static Handler lines(String... lines) {
        return (req, ex) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (String l : lines) {
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
    }

    /**
     * A daemon that fetches slowly but steadily: one progress line every {@code every}, {@code count} times, then
     * the final line. The pacing is the fake daemon's behaviour, not a wait in the test.
     */
    Handler paced(Duration every, int count, String last) {
        return (req, ex) -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 1; i <= count; i++) {
                    if (released.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    out.write(("{\"Progress\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write((last + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Sends {@code first} (if any), then nothing until the fake is closed: a daemon that cannot find the data. */
    Handler stalls(String first) {
        return (req, ex) -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                if (first != null) {
                    out.write((first + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the connector hung up, as it should
            }
        };
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String command = ex.getRequestURI().getPath().substring("/api/v0/".length());
            Request r = new Request(ex.getRequestMethod(), command, parseQuery(ex.getRequestURI().getRawQuery()),
                    ex.getRequestBody().readAllBytes(), ex.getRequestHeaders().getFirst("Content-Type"));
            requests.add(r);
            if (!"POST".equals(r.method())) {
                send(ex, 405, "{\"Message\":\"405 - Method Not Allowed\",\"Code\":0,\"Type\":\"error\"}");
                return;
            }
            Handler h = handlers.get(command);
            if (h == null) {
                send(ex, 404, "{\"Message\":\"Not Found\",\"Code\":3,\"Type\":\"error\"}");
                return;
            }
            h.handle(r, ex);
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> q = new ConcurrentHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
