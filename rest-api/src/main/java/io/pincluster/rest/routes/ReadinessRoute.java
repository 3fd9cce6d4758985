package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.ReadinessApi;
import io.pincluster.rest.json.JsonWire;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /health/ready}: 200 {@code {"ready":true}} while the peer can work, 503 {@code {"ready":false,
 * "reason":"..."}} while it cannot (its store or pin journal is not writable). Needs no credentials, like
 * {@code GET /health}, which stays ipfs-cluster's bare 204 (a liveness answer: the process serves HTTP).
 */
public final class ReadinessRoute implements HttpService {
    public static final String PATH = "/health/ready";

    private final ReadinessApi readiness;

    public ReadinessRoute(ReadinessApi readiness) {
        this.readiness = readiness;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        // The check may touch the disk (a probe write): off the event loop.
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            Optional<String> reason = readiness.notReadyReason();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", reason.isEmpty());
            reason.ifPresent(r -> body.put("reason", r));
            return HttpResponse.of(reason.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON,
                    JsonWire.bytes(body));
        }, ctx.blockingTaskExecutor()));
    }
}
