package io.pincluster.rest.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.pincluster.rest.json.JsonWire;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes one streamed response the ipfs-cluster way, from a blocking thread: the status is decided by the
 * first event (first item → 200 and NDJSON lines, failure → its JSON error, nothing → {@code emptyStatus}),
 * later failures go into the {@code X-Stream-Error} trailer, which is always sent.
 *
 * <p>Lines produced in a burst are sent together (up to {@link #CHUNK_BYTES}); a line is never held back
 * more than {@link #LINGER_MILLIS} ms, so a slow producer's lines still arrive as they are produced.
 * Writes wait once more than {@link #MAX_IN_FLIGHT} chunks are unsent, so a slow client slows the
 * producer instead of filling memory.
 */
public final class NdjsonWriter {
    public static final String TRAILER = "X-Stream-Error";
    static final int MAX_IN_FLIGHT = 64;
    static final int CHUNK_BYTES = 16 * 1024;
    static final long LINGER_MILLIS = 2;

    private final HttpResponseWriter response;
    private final HttpStatus emptyStatus;
    private final ResponseHeaders extraHeaders;
    private final ScheduledExecutorService timer;
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean flushScheduled;
    private boolean started;
    private boolean finished;

    /** Thrown from {@link #emit} when the client went away; the producer should stop. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super("client closed the stream", null, false, false);
        }
    }

    /** {@code timer} sends lingering lines; the request's event loop is a good one. */
    public NdjsonWriter(HttpResponseWriter response, HttpStatus emptyStatus, ResponseHeaders extraHeaders,
                        ScheduledExecutorService timer) {
        this.response = response;
        this.emptyStatus = emptyStatus;
        this.extraHeaders = extraHeaders;
        this.timer = timer;
    }

    /** Queues one JSON line; waits while too many chunks are unsent. */
    public void emit(Object wireObject) {
        byte[] json = JsonWire.bytes(wireObject);
        CompletableFuture<Void> oldest = null;
        synchronized (this) {
            startIfNeeded();
            pending.write(json, 0, json.length);
            pending.write('\n');
            if (pending.size() >= CHUNK_BYTES) {
                oldest = flushPending();
            } else if (!flushScheduled) {
                flushScheduled = true;
                timer.schedule(this::lingerExpired, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        awaitIfTooMany(oldest);
    }

    /** Writes bytes as the next part of the 200 body (starting it if needed). */
    public void writeRaw(byte[] bytes) {
        CompletableFuture<Void> oldest;
        synchronized (this) {
            startIfNeeded();
            pending.write(bytes, 0, bytes.length);
            oldest = flushPending();
        }
        awaitIfTooMany(oldest);
    }

    /** Ends the response without a trailer, because the client is gone. */
    public synchronized void abandon() {
        finished = true;
        response.close();
    }

    /** Ends the response: {@code failure} null means success. */
    public void finish(Throwable failure) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (!started) {
                finished = true;
                AggregatedHttpResponse body = failure == null ? AggregatedHttpResponse.of(emptyStatus)
                        : ErrorResponses.json(ErrorResponses.status(failure), ErrorResponses.message(failure));
                response.tryWrite(body.headers());
                if (!body.content().isEmpty()) {
                    response.tryWrite(body.content());
                }
                response.close();
                return;
            }
            try {
                flushPending();
            } catch (ClientGoneException gone) {
                abandon();
                return;
            }
            finished = true;
        }
        String error = failure == null ? "" : ErrorResponses.message(failure);
        response.tryWrite(HttpHeaders.of(TRAILER, error));
        response.close();
    }

    private void startIfNeeded() {
        if (finished) {
            throw new ClientGoneException();
        }
        if (started) {
            return;
        }
        started = true;
        ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                .add("trailer", TRAILER);
        extraHeaders.forEach((name, value) -> {
            if (!name.toString().startsWith(":")) {
                headers.add(name, value);
            }
        });
        if (!response.tryWrite(headers.build())) {
            throw new ClientGoneException();
        }
    }

    /** Sends what is pending; returns the oldest in-flight chunk's future once the window is full. */
    private CompletableFuture<Void> flushPending() {
        if (pending.size() == 0 || finished) {
            return null;
        }
        boolean written = response.tryWrite(HttpData.wrap(pending.toByteArray()));
        pending.reset();
        if (!written) {
            throw new ClientGoneException();
        }
        inFlight.add(response.whenConsumed());
        return inFlight.size() > MAX_IN_FLIGHT ? inFlight.poll() : null;
    }

    private synchronized void lingerExpired() {
        flushScheduled = false;
        try {
            flushPending();
        } catch (ClientGoneException e) {
            // The producer finds out on its next emit.
        }
    }

    private static void awaitIfTooMany(CompletableFuture<Void> oldest) {
        if (oldest == null) {
            return;
        }
        try {
            oldest.join();
        } catch (CompletionException e) {
            throw new ClientGoneException();
        }
    }
}
