package io.pincluster.rest.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.rest.json.JsonWire;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers with a cluster call's JSON: {@link #json(ServiceRequestContext, Supplier)} runs a blocking call off the
 * event loop; {@link #whenDone} answers when an asynchronous call completes, holding no thread meanwhile (pin and
 * unpin, which wait for the Raft log).
 */
public final class Blocking {
    private Blocking() {
    }

    /** 200 with the JSON of what {@code call} returns (a wire object), or the mapped error. */
    public static HttpResponse json(ServiceRequestContext ctx, Supplier<?> call) {
        return json(ctx, HttpStatus.OK, call);
    }

    /** 200 with the JSON of {@code toWire(value)} once {@code answer} completes, or the mapped error. */
    public static <T> HttpResponse whenDone(CompletableFuture<T> answer, Function<T, ?> toWire) {
        return HttpResponse.of(answer.handle((value, error) -> {
            if (error != null) {
                return ErrorResponses.of(Futures.unwrap(error));
            }
            try {
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, JsonWire.bytes(toWire.apply(value)));
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }));
    }

    /** 204 once {@code call} returns, or the mapped error. */
    public static HttpResponse noContent(ServiceRequestContext ctx, Runnable call) {
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                call.run();
                return HttpResponse.of(HttpStatus.NO_CONTENT);
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
    }

    /** {@code status} with the JSON of what {@code call} returns (a wire object), or the mapped error. */
    public static HttpResponse json(ServiceRequestContext ctx, HttpStatus status, Supplier<?> call) {
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                return HttpResponse.of(status, MediaType.JSON, JsonWire.bytes(call.get()));
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
    }
}
