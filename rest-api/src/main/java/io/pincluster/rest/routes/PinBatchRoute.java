package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.PinBatchJson;
import io.pincluster.rest.query.PinOptionsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /pins}: many pins in one request (a Pincluster extension; ipfs-cluster pins one CID per request).
 * The body lists CIDs, one per line; the query parameters are the pin options of {@code POST /pins/{cid}} and
 * apply to every CID. The whole body is validated first: one bad line rejects the request and nothing is pinned.
 * The pins then travel to the leader together, so they share a few log entries instead of one request each.
 */
public final class PinBatchRoute {
    /** Most CIDs in one request: keeps the answer (about 0.5 KB per pin) and the time to answer bounded. */
    public static final int MAX_CIDS = 10_000;

    private final PinApi api;
    private final PinOptionsQuery pinOptions;

    public PinBatchRoute(PinApi api, PinOptionsQuery pinOptions) {
        this.api = api;
        this.pinOptions = pinOptions;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.POST, "/pins", (ctx, req) -> {
            PinOptions options;
            try {
                options = pinOptions.parse(ctx.queryParams());
            } catch (ClusterException e) {
                return ErrorResponses.of(e);
            }
            // A body of up to max_body_size is split and decoded on a blocking thread, never on the event loop.
            return HttpResponse.of(req.aggregate()
                    .thenComposeAsync(body -> pinAll(ctx, body.contentUtf8(), options), ctx.blockingTaskExecutor())
                    .exceptionally(ErrorResponses::of));
        });
    }

    private CompletableFuture<HttpResponse> pinAll(ServiceRequestContext ctx, String body, PinOptions options) {
        List<Cid> cids;
        try {
            cids = parse(body);
        } catch (ClusterException e) {
            return CompletableFuture.completedFuture(ErrorResponses.of(e));
        }
        List<CompletableFuture<Pin>> answers = new ArrayList<>(cids.size());
        for (Cid cid : cids) {
            answers.add(api.pin(cid, options));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> answer(cids, answers));
    }

    /** The CIDs of the body in order; blank lines are skipped. */
    static List<Cid> parse(String body) {
        List<Cid> cids = new ArrayList<>();
        int lineNumber = 0;
        for (String line : body.split("\n", -1)) {
            lineNumber++;
            String value = line.strip();
            if (value.isEmpty()) {
                continue;
            }
            if (cids.size() == MAX_CIDS) {
                throw ClusterException.badRequest("more than " + MAX_CIDS + " CIDs in one request");
            }
            try {
                cids.add(PinRoutes.cid(value));
            } catch (ClusterException e) {
                throw ClusterException.badRequest("line " + lineNumber + ": " + e.getMessage());
            }
        }
        if (cids.isEmpty()) {
            throw ClusterException.badRequest("no CIDs in the request body (expected one CID per line)");
        }
        return cids;
    }

    private static HttpResponse answer(List<Cid> cids, List<CompletableFuture<Pin>> answers) {
        List<Object> items = new ArrayList<>(cids.size());
        int failed = 0;
        Throwable first = null;
        for (int i = 0; i < cids.size(); i++) {
            CompletableFuture<Pin> answer = answers.get(i);
            Pin pin = answer.isCompletedExceptionally() ? null : answer.join();
            if (pin != null) {
                items.add(JsonWire.pin(pin));
                continue;
            }
            Throwable error = answer.handle((p, e) -> e).join();
            first = first == null ? error : first;
            failed++;
            items.add(new PinBatchJson.Failure(cids.get(i).toString(), ErrorResponses.status(error).code(),
                    ErrorResponses.message(error)));
        }
        if (failed == 0) {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, JsonWire.bytes(
                    new PinBatchJson(null, null, cids.size(), 0, items)));
        }
        HttpStatus status = ErrorResponses.status(first);
        String message = failed + " of " + cids.size() + " pins failed; the first: " + ErrorResponses.message(first);
        return HttpResponse.of(status, MediaType.JSON, JsonWire.bytes(
                new PinBatchJson(status.code(), message, cids.size() - failed, failed, items)));
    }
}
