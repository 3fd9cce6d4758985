package io.pincluster.rest.routes;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonStream;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.PinOptionsQuery;
import io.pincluster.rest.query.StatusFilterQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /pins}: pin, unpin, status and recover, by CID or by {@code /ipfs|ipns|ipld} path. Unlike ipfs-cluster,
 * {@code mode=direct} is honoured on {@code POST /pins/{cid}} too.
 */
public final class PinRoutes {
    static final String PATH_ROUTE = "regex:^/pins/(?<namespace>ipfs|ipns|ipld)/(?<path>.+)$";

    private final PinApi api;
    private final StatusApi status;
    private final PinOptionsQuery pinOptions;

    public PinRoutes(PinApi api, StatusApi status, PinOptionsQuery pinOptions) {
        this.api = api;
        this.status = status;
        this.pinOptions = pinOptions;
    }

    public void register(RouteRegistry routes) {
        // The path routes go first so that /pins/ipfs/<cid> is never read as a CID named "ipfs".
        routes.add(HttpMethod.POST, PATH_ROUTE, (ctx, req) -> pinPath(ctx));
        routes.add(HttpMethod.DELETE, PATH_ROUTE, (ctx, req) -> unpinPath(ctx));
        routes.add(HttpMethod.GET, "/pins", (ctx, req) -> statusAll(ctx));
        routes.add(HttpMethod.POST, "/pins/recover", (ctx, req) -> {
            boolean local = local(ctx);
            return NdjsonStream.serve(ctx, () -> status.recoverAll(local), JsonWire::globalPinInfo);
        });
        routes.add(HttpMethod.POST, "/pins/{cid}", (ctx, req) -> pin(ctx));
        routes.add(HttpMethod.DELETE, "/pins/{cid}", (ctx, req) ->
                withCid(ctx, cid -> Blocking.whenDone(api.unpin(cid), JsonWire::pin)));
        routes.add(HttpMethod.GET, "/pins/{cid}", (ctx, req) -> withCid(ctx, cid ->
                Blocking.json(ctx, () -> JsonWire.globalPinInfo(status.status(cid, local(ctx))))));
        routes.add(HttpMethod.POST, "/pins/{cid}/recover", (ctx, req) -> withCid(ctx, cid ->
                Blocking.json(ctx, () -> JsonWire.globalPinInfo(status.recover(cid, local(ctx))))));
    }

    private HttpResponse pin(ServiceRequestContext ctx) {
        Cid cid;
        PinOptions options;
        try {
            cid = cid(ctx.pathParam("cid"));
            options = pinOptions.parse(ctx.queryParams());
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return Blocking.whenDone(api.pin(cid, options), JsonWire::pin);
    }

    private HttpResponse pinPath(ServiceRequestContext ctx) {
        PinOptions options;
        try {
            options = pinOptions.parse(ctx.queryParams());
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        String namespace = ctx.pathParam("namespace");
        String path = ctx.pathParam("path");
        return Blocking.json(ctx, () -> JsonWire.pin(ClusterException.await(api.pin(api.resolve(namespace, path),
                options))));
    }

    private HttpResponse unpinPath(ServiceRequestContext ctx) {
        String namespace = ctx.pathParam("namespace");
        String path = ctx.pathParam("path");
        return Blocking.json(ctx, () -> JsonWire.pin(ClusterException.await(api.unpin(api.resolve(namespace,
                path)))));
    }

    private HttpResponse statusAll(ServiceRequestContext ctx) {
        Set<TrackerStatus> filter;
        List<Cid> cids = new ArrayList<>();
        try {
            filter = StatusFilterQuery.parse(ctx.queryParams());
            String list = ctx.queryParams().get("cids");
            if (list != null) {
                for (String c : list.split(",")) {
                    if (!c.isBlank()) {
                        cids.add(cid(c.trim()));
                    }
                }
            }
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        boolean local = local(ctx);
        return NdjsonStream.serve(ctx, () -> status.statusAll(filter, cids, local), JsonWire::globalPinInfo);
    }

    private static HttpResponse withCid(ServiceRequestContext ctx, Function<Cid, HttpResponse> handler) {
        Cid cid;
        try {
            cid = cid(ctx.pathParam("cid"));
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return handler.apply(cid);
    }

    static Cid cid(String value) {
        try {
            return Cid.parse(value);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest("error decoding CID '" + Excerpt.of(value) + "': " + e.getMessage());
        }
    }

    private static boolean local(ServiceRequestContext ctx) {
        return local(ctx.queryParams());
    }

    static boolean local(QueryParams q) {
        return "true".equals(q.get("local"));
    }
}
