package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonStream;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.AllocationQueryParser;

/** {@code /allocations}: the shared pinset, streamed and filtered, and one pin by CID. */
public final class AllocationRoutes {
    private final PinApi api;

    public AllocationRoutes(PinApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, "/allocations", (ctx, req) -> list(ctx));
        routes.add(HttpMethod.GET, "/allocations/{cid}", (ctx, req) -> {
            Cid cid;
            try {
                cid = PinRoutes.cid(ctx.pathParam("cid"));
            } catch (ClusterException e) {
                return ErrorResponses.of(e);
            }
            return Blocking.json(ctx, () -> JsonWire.pin(api.allocation(cid)));
        });
    }

    private HttpResponse list(ServiceRequestContext ctx) {
        AllocationQuery query;
        try {
            query = AllocationQueryParser.parse(ctx.queryParams());
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return NdjsonStream.serve(ctx, () -> api.allocations(query), JsonWire::pin);
    }
}
