package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.pin.Pin;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.ExportedPins;
import io.pincluster.rest.json.ExportedPins.ExportedPin;
import io.pincluster.rest.json.ImportJson;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.ImportQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /state/import[?replication-min=N&replication-max=N]}: pins a state export into this cluster, each pin
 * with its own options (the body is {@code GET /allocations}' output, or ipfs-cluster's {@code state export}). The
 * whole body is validated first, off the event loop: one bad line rejects the request and nothing is pinned. Then
 * every pin goes to the leader like a {@code POST /pins} batch. The export of a running cluster is
 * {@code GET /allocations}; together they are the online backup and restore of the pinset.
 */
public final class StateImportRoute {
    /** Failures listed in the answer; the counts cover all of them. */
    static final int LISTED_FAILURES = 20;

    private final PinApi api;

    public StateImportRoute(PinApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.POST, "/state/import", (ctx, req) -> HttpResponse.of(req.aggregate()
                .thenApplyAsync(body -> parse(ctx, body.contentUtf8()), ctx.blockingTaskExecutor())
                .thenCompose(this::importAll)
                .exceptionally(e -> ErrorResponses.of(Futures.unwrap(e)))));
    }

    private static List<ExportedPin> parse(ServiceRequestContext ctx, String body) {
        ImportQuery q = ImportQuery.parse(ctx.queryParams());
        return ExportedPins.parse(body, q.replicationMin(), q.replicationMax());
    }

    private CompletableFuture<HttpResponse> importAll(List<ExportedPin> pins) {
        List<CompletableFuture<Pin>> answers = new ArrayList<>(pins.size());
        for (ExportedPin p : pins) {
            answers.add(api.pin(p.cid(), p.options()));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> answer(pins, answers));
    }

    private static HttpResponse answer(List<ExportedPin> pins, List<CompletableFuture<Pin>> answers) {
        List<ImportJson.Failure> failures = new ArrayList<>();
        int failed = 0;
        Throwable first = null;
        for (int i = 0; i < pins.size(); i++) {
            Throwable error = answers.get(i).handle((p, e) -> e).join();
            if (error == null) {
                continue;
            }
            error = Futures.unwrap(error);
            first = first == null ? error : first;
            failed++;
            if (failures.size() < LISTED_FAILURES) {
                failures.add(new ImportJson.Failure(pins.get(i).line(), pins.get(i).cid().toString(),
                        ErrorResponses.status(error).code(), ErrorResponses.message(error)));
            }
        }
        if (failed == 0) {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                    JsonWire.bytes(new ImportJson(null, null, pins.size(), 0, List.of())));
        }
        HttpStatus status = ErrorResponses.status(first);
        String message = failed + " of " + pins.size() + " pins failed; the first: " + ErrorResponses.message(first);
        return HttpResponse.of(status, MediaType.JSON, JsonWire.bytes(
                new ImportJson(status.code(), message, pins.size() - failed, failed, failures)));
    }
}
