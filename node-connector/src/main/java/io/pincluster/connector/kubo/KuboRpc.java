package io.pincluster.connector.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * HTTP for Kubo's RPC API: every call is {@code POST /api/v0/<command>?<query>}. Turns non-200 answers into
 * {@link KuboRpcException}s carrying the daemon's {@code Message}, and I/O failures into {@code UNAVAILABLE} or
 * {@code TIMEOUT} {@link ClusterException}s. Thread-safe.
 */
final class KuboRpc {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Object END = new Object();

    private final KuboConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    KuboRpc(KuboConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    KuboConfig config() {
        return config;
    }

    ObjectMapper json() {
        return json;
    }

    /** A call whose answer is one JSON value (an empty body reads as a missing node). */
    JsonNode call(String command, KuboQuery query, Duration timeout) {
        return parse(command, bytes(command, query, HttpRequest.BodyPublishers.noBody(), null, timeout));
    }

    /** A call with a request body (multipart uploads) whose answer is one JSON value. */
    JsonNode upload(String command, KuboQuery query, Multipart body, Duration timeout) {
        return parse(command, bytes(command, query, HttpRequest.BodyPublishers.ofByteArray(body.bytes()),
                body.contentType(), timeout));
    }

    /** The raw answer of a call (for {@code block/get}). */
    byte[] bytes(String command, KuboQuery query, BodyPublisher body, String contentType, Duration timeout) {
        HttpResponse<byte[]> r = send(command, request(command, query, body, contentType, timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw error(command, r.statusCode(), r.body());
        }
        return r.body();
    }

    /**
     * A streamed answer (ndjson listings), read by the caller who must close it. {@code timeout} only bounds the
     * wait for the response headers.
     */
    InputStream stream(String command, KuboQuery query, Duration timeout) {
        HttpResponse<InputStream> r = send(command, request(command, query, HttpRequest.BodyPublishers.noBody(),
                null, timeout), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw error(command, r.statusCode(), in.readNBytes(MAX_ERROR_BODY));
            } catch (IOException e) {
                throw unavailable(command, e);
            }
        }
        return r.body();
    }

    /**
     * Streams the answer's lines to {@code onLine}, giving up (and cancelling the request, which closes the
     * connection) when no line arrives for {@code stallTimeout}. Used for {@code pin/add?progress=true}, where a
     * live daemon reports progress while it fetches.
     *
     * @throws ClusterException {@code TIMEOUT} after a stall, or the daemon's error
     */
    void lines(String command, KuboQuery query, Duration stallTimeout, Consumer<String> onLine) {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        AtomicInteger status = new AtomicInteger();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        BodyHandler<Void> handler = info -> {
            status.set(info.statusCode());
            return BodySubscribers.fromLineSubscriber(new QueueingSubscriber(queue, subscription, abandoned));
        };
        // The request timeout would fire before a long pin's headers; stalls are detected below instead.
        HttpRequest request = request(command, query, HttpRequest.BodyPublishers.noBody(), null, null);
        CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, handler);
        call.whenComplete((r, e) -> queue.add(e != null ? e : END));
        List<String> errorLines = new ArrayList<>();
        try {
            while (true) {
                Object item = queue.poll(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
                if (item == null) {
                    throw new ClusterException(ErrorCode.TIMEOUT, "IPFS daemon: " + command + " made no progress for "
                            + stallTimeout.toMillis() + " ms; given up");
                }
                if (item == END) {
                    break;
                }
                if (item instanceof Throwable t) {
                    throw unavailable(command, t instanceof IOException io ? io : new IOException(t));
                }
                String line = (String) item;
                if (status.get() == 200) {
                    onLine.accept(line);
                } else {
                    errorLines.add(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "IPFS daemon: " + command + " interrupted", e);
        } finally {
            abandoned.set(true);
            Flow.Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
            call.cancel(true);
        }
        if (status.get() != 200) {
            throw error(command, status.get(), String.join("\n", errorLines).getBytes(StandardCharsets.UTF_8));
        }
    }

    private HttpRequest request(String command, KuboQuery query, BodyPublisher body, String contentType,
                                Duration timeout) {
        String q = query.encode();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + config.authority() + "/api/v0/"
                + command + (q.isEmpty() ? "" : "?" + q))).POST(body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        return b.build();
    }

    private <T> HttpResponse<T> send(String command, HttpRequest request, BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new ClusterException(ErrorCode.TIMEOUT, "IPFS daemon at " + config.authority() + ": " + command
                    + " did not answer in time", e);
        } catch (IOException e) {
            throw unavailable(command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "IPFS daemon: " + command + " interrupted", e);
        }
    }

    private JsonNode parse(String command, byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "IPFS daemon: " + command + " answered with invalid JSON: "
                    + e.getMessage(), e);
        }
    }

    ClusterException unavailable(String command, IOException e) {
        if (e instanceof InterruptedIOException) {
            return new ClusterException(ErrorCode.TIMEOUT, "IPFS daemon at " + config.authority() + ": " + command
                    + " timed out", e);
        }
        String why = e instanceof ConnectException ? "refused the connection" : e.toString();
        return new ClusterException(ErrorCode.UNAVAILABLE, "IPFS daemon at " + config.authority()
                + " is unreachable (" + command + "): " + why, e);
    }

    private KuboRpcException error(String command, int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY), StandardCharsets.UTF_8).trim();
        String message = text;
        try {
            JsonNode n = json.readTree(text);
            if (n != null && n.hasNonNull("Message")) {
                message = n.get("Message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text: some proxies answer with plain text
        }
        return new KuboRpcException(command, status, message.isEmpty() ? "(empty body)" : message);
    }

    /** Feeds response lines to the queue the caller polls; unbounded demand is fine for short progress streams. */
    private static final class QueueingSubscriber implements Flow.Subscriber<String> {
        private final BlockingQueue<Object> queue;
        private final AtomicReference<Flow.Subscription> subscription;
        private final AtomicBoolean abandoned;

        QueueingSubscriber(BlockingQueue<Object> queue, AtomicReference<Flow.Subscription> subscription,
                           AtomicBoolean abandoned) {
            this.queue = queue;
            this.subscription = subscription;
            this.abandoned = abandoned;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            if (abandoned.get()) { // the caller gave up before the headers came: drop the connection now
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable t) {
            // surfaces through the response future
        }

        @Override
        public void onComplete() {
            // the response future completes too
        }
    }
}
