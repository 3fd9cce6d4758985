package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import io.pincluster.core.component.RepairApi;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.json.RepairJson;
import io.pincluster.rest.query.MovesQuery;

/**
 * {@code GET /health/repair}: peer states and the counts of the self-healing (under-replicated, lost, moving,
 * queued, repaired, ETA), from the leader's planner (ask the leader for the counts; other peers show their own
 * view of the peer states). {@code GET /health/moves[?cid=&limit=]}: the automatic allocation changes with their
 * reasons, newest first. Both need auth, unlike {@code GET /health}, which stays ipfs-cluster's bare 204.
 */
public final class RepairRoutes {
    private final RepairApi api;

    public RepairRoutes(RepairApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, "/health/repair", (ctx, req) -> Blocking.json(ctx, () ->
                RepairJson.of(api.repairSummary())));
        routes.add(HttpMethod.GET, "/health/moves", (ctx, req) -> Blocking.json(ctx, () -> {
            MovesQuery q = MovesQuery.parse(ctx.queryParams());
            return api.allocationChanges(q.cid(), q.limit()).stream().map(RepairJson.ChangeJson::of).toList();
        }));
    }
}
