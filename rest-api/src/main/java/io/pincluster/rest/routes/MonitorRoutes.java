package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import io.pincluster.core.component.MonitorApi;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.json.JsonWire;
import java.time.Clock;

/**
 * {@code /monitor/metrics} (names), {@code /monitor/metrics/{name}} (latest valid metric per current peer)
 * and {@code /health/alerts} (metric expiry alerts, most recent first): plain JSON arrays, as ipfs-cluster.
 * An unknown metric name is an empty array, not a 404, as in ipfs-cluster.
 */
public final class MonitorRoutes {
    private final MonitorApi api;
    private final Clock clock;

    public MonitorRoutes(MonitorApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, "/monitor/metrics", (ctx, req) -> Blocking.json(ctx, api::metricNames));
        routes.add(HttpMethod.GET, "/monitor/metrics/{name}", (ctx, req) -> Blocking.json(ctx, () ->
                api.validMetrics(ctx.pathParam("name")).stream().map(m -> JsonWire.metric(m, clock.instant())).toList()));
        routes.add(HttpMethod.GET, "/health/alerts", (ctx, req) -> Blocking.json(ctx, () ->
                api.alerts().stream().map(a -> JsonWire.alert(a, clock.instant())).toList()));
    }
}
