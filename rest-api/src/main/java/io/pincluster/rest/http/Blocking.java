package io.pincluster.rest.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.rest.json.JsonWire;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Runs a cluster call off the event loop (calls may wait for the Raft log) and answers with its JSON. */
public final class Blocking {
    private Blocking() {
    }

    /** 200 with the JSON of what {@code call} returns (a wire object), or the mapped error. */
    public static HttpResponse json(ServiceRequestContext ctx, Supplier<?> call) {
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, JsonWire.bytes(call.get()));
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
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
}
