package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import io.pincluster.core.component.GcApi;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.json.RepoGcJson;
import io.pincluster.rest.query.AddOptionsQuery;

/**
 * {@code POST /ipfs/gc[?local=true]}: every peer (or only this one) collects the blocks no pin keeps, answered
 * as ipfs-cluster's {@code GlobalRepoGC}. A peer that failed has its error in its entry.
 */
public final class GcRoute {
    private final GcApi api;

    public GcRoute(GcApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.POST, "/ipfs/gc", (ctx, req) -> {
            ctx.clearRequestTimeout(); // collecting every peer's store, one after another, may take hours
            return Blocking.json(ctx, () ->
                    RepoGcJson.of(api.collectGarbage(AddOptionsQuery.bool(ctx.queryParams(), "local", false))));
        });
    }
}
