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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /health/ready}: 200 {@code {"ready":true,"checks":{...}}} while the peer can work, 503
 * {@code {"ready":false,"reason":"...","checks":{...}}} while it cannot; {@code checks} holds each condition
 * ({@code {"ok":bool,"detail":"..."}}) for people, {@code reason} the first that fails. Needs no credentials, like
 * {@code GET /health}, which stays ipfs-cluster's bare 204, and {@code GET /health/live} ({@link LivenessRoute}).
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
            List<ReadinessApi.Check> checks = readiness.checks();
            Optional<String> reason = checks.stream().filter(c -> !c.ok()).map(ReadinessApi.Check::detail)
                    .findFirst();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", reason.isEmpty());
            reason.ifPresent(r -> body.put("reason", r));
            Map<String, Object> detail = new LinkedHashMap<>();
            for (ReadinessApi.Check c : checks) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("ok", c.ok());
                one.put("detail", c.detail());
                detail.put(c.name(), one);
            }
            body.put("checks", detail);
            return HttpResponse.of(reason.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON,
                    JsonWire.bytes(body));
        }, ctx.blockingTaskExecutor()));
    }
}
