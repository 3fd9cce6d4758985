package io.pincluster.rest.http;

import com.linecorp.armeria.common.metric.MeterIdPrefix;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What an HTTP server of a peer records about its requests: Armeria's request meters (latency, sizes, status, requests
 * in flight) as {@code pincluster_http_*}, tagged with the {@code api} that served them ({@code rest}, {@code psa},
 * {@code proxy}, {@code gateway}) and the route pattern, so one family covers every listener and a route's cardinality
 * is the routes', never the requested paths'. Apply it to a server's builder after its authentication decorator
 * (Armeria runs the last decorator added first), so refused requests are measured too; with no registry the server
 * keeps its meters to itself.
 */
public final class RequestMeters implements Consumer<ServerBuilder> {
    /** Meters nobody exports. */
    public static final RequestMeters NONE = new RequestMeters(null, "none");

    private final MeterRegistry registry;
    private final String api;

    /**
     * @param registry where the meters go (the peer's Prometheus registry); null = not exported
     * @param api      the {@code api} tag's value, naming the listener
     */
    public RequestMeters(MeterRegistry registry, String api) {
        this.registry = registry;
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    public void accept(ServerBuilder sb) {
        if (registry == null) {
            // Not Armeria's default (the global registry): it binds the common blocking executor's meters to each
            // server's registry, and servers sharing one made Micrometer warn of a duplicate at every start.
            sb.meterRegistry(new CompositeMeterRegistry());
            return;
        }
        sb.meterRegistry(registry).decorator(MetricCollectingService.newDecorator(prefix()));
    }

    /** Armeria's default meters, tagged with the api and the route pattern instead of the handler's class name. */
    private MeterIdPrefixFunction prefix() {
        Tag apiTag = Tag.of("api", api);
        return MeterIdPrefixFunction.ofDefault("pincluster.http").andThen((meters, log, id) -> {
            List<Tag> tags = new ArrayList<>();
            id.tags().stream().filter(t -> !t.getKey().equals("service")).forEach(tags::add);
            tags.add(apiTag);
            String route = log.context() instanceof ServiceRequestContext ctx
                    ? ctx.config().route().patternString() : "unknown";
            tags.add(Tag.of("route", route));
            return new MeterIdPrefix(id.name(), tags);
        });
    }
}
