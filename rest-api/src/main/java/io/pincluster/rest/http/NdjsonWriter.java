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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Writes one streamed response the ipfs-cluster way, from a blocking thread: the status is decided by the
 * first event (first item → 200 and NDJSON lines, failure → its JSON error, nothing → {@code emptyStatus}),
 * later failures go into the {@code X-Stream-Error} trailer, which is always sent. Writes wait once more
 * than {@link #MAX_IN_FLIGHT} lines are queued, so a slow client slows the producer instead of filling memory.
 */
public final class NdjsonWriter {
    public static final String TRAILER = "X-Stream-Error";
    static final int MAX_IN_FLIGHT = 64;

    private final HttpResponseWriter response;
    private final HttpStatus emptyStatus;
    private final ResponseHeaders extraHeaders;
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private boolean started;
    private boolean finished;

    /** Thrown from {@link #emit} when the client went away; the producer should stop. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super("client closed the stream", null, false, false);
        }
    }

    public NdjsonWriter(HttpResponseWriter response, HttpStatus emptyStatus, ResponseHeaders extraHeaders) {
        this.response = response;
        this.emptyStatus = emptyStatus;
        this.extraHeaders = extraHeaders;
    }

    public boolean started() {
        return started;
    }

    /** Writes one JSON line, waiting while too many lines are unsent. */
    public void emit(Object wireObject) {
        byte[] json = JsonWire.bytes(wireObject);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        writeRaw(line);
    }

    /** Writes bytes as the next part of the 200 body (starting it if needed). */
    public void writeRaw(byte[] bytes) {
        if (!started) {
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
        if (!response.tryWrite(HttpData.wrap(bytes))) {
            throw new ClientGoneException();
        }
        inFlight.add(response.whenConsumed());
        if (inFlight.size() > MAX_IN_FLIGHT) {
            try {
                inFlight.poll().join();
            } catch (CompletionException e) {
                throw new ClientGoneException();
            }
        }
    }

    /** Ends the response without a trailer, because the client is gone. */
    public void abandon() {
        finished = true;
        response.close();
    }

    /** Ends the response: {@code failure} null means success. */
    public void finish(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (!started) {
            AggregatedHttpResponse body = failure == null ? AggregatedHttpResponse.of(emptyStatus)
                    : ErrorResponses.json(ErrorResponses.status(failure), ErrorResponses.message(failure));
            response.tryWrite(body.headers());
            if (!body.content().isEmpty()) {
                response.tryWrite(body.content());
            }
        } else {
            String error = failure == null ? "" : ErrorResponses.message(failure);
            response.tryWrite(HttpHeaders.of(TRAILER, error));
        }
        response.close();
    }
}
