package io.pincluster.rest;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.cors.CorsService;
import io.micrometer.core.instrument.MeterRegistry;
import com.linecorp.armeria.server.cors.CorsServiceBuilder;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.rest.auth.AuthDecorator;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.auth.RoleCheck;
import io.pincluster.rest.auth.RouteAccess;
import io.pincluster.rest.dashboard.DashboardRoutes;
import io.pincluster.rest.auth.TokenService;
import io.pincluster.rest.http.RequestMeters;
import io.pincluster.rest.http.RestTls;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.RestErrorHandler;
import io.pincluster.rest.query.AddOptionsQuery;
import io.pincluster.rest.query.PinOptionsQuery;
import io.pincluster.rest.routes.AddRoute;
import io.pincluster.rest.routes.AllocationRoutes;
import io.pincluster.rest.routes.GcRoute;
import io.pincluster.rest.routes.MonitorRoutes;
import io.pincluster.rest.routes.PeerRequestRoutes;
import io.pincluster.rest.routes.PeerRoutes;
import io.pincluster.rest.routes.PinBatchRoute;
import io.pincluster.rest.routes.PinRoutes;
import io.pincluster.rest.routes.LivenessRoute;
import io.pincluster.rest.routes.ReadinessRoute;
import io.pincluster.rest.routes.RepairRoutes;
import io.pincluster.rest.routes.StateBackupRoutes;
import io.pincluster.rest.routes.StateImportRoute;
import io.pincluster.rest.routes.RouteRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The ipfs-cluster-compatible REST API over a {@link ClusterApi}: wiring only, the routes live in {@code routes}. */
public final class RestApiServer implements AutoCloseable {
    private static final String[] EXPOSED_HEADERS =
            {"Content-Type", "X-Stream-Output", "X-Chunked-Output", "X-Content-Length"};

    private final RestConfig config;
    private final Server server;
    private final List<String> registered = new java.util.ArrayList<>();

    public RestApiServer(RestConfig config, ClusterApi api) {
        this(config, api, Clock.systemUTC());
    }

    /** {@code clock} decides "now" for {@code expire-at}/{@code expire-in} and token times. */
    public RestApiServer(RestConfig config, ClusterApi api, Clock clock) {
        this(config, api, clock, null);
    }

    /**
     * As above; with {@code meters} (may be null) every request's latency, size and status is recorded as
     * {@code pincluster_http_*} meters tagged {@code api="rest"} and with the route pattern ({@link RequestMeters}), for the Prometheus endpoint.
     */
    public RestApiServer(RestConfig config, ClusterApi api, Clock clock, MeterRegistry meters) {
        this(config, api, clock, meters, RestAuth.of(config, clock));
    }

    /** As above, with authentication built by the caller ({@link RestAuth#of}) to share it with other endpoints. */
    public RestApiServer(RestConfig config, ClusterApi api, Clock clock, MeterRegistry meters, RestAuth restAuth) {
        this(config, api, clock, meters, restAuth, null);
    }

    /**
     * As above, with the Pinning Service API's tenant management routes ({@code /tenants}, decision 0017) when
     * {@code tenants} is not null.
     */
    public RestApiServer(RestConfig config, ClusterApi api, Clock clock, MeterRegistry meters, RestAuth restAuth,
                         io.pincluster.rest.psa.TenantRoutes tenants) {
        this.config = config;
        JwtCodec jwt = restAuth == null ? null : restAuth.jwt();
        AuthDecorator auth = restAuth == null ? null : restAuth.decorator();
        ServerBuilder sb = Server.builder();
        RestTls.listen(sb, new InetSocketAddress(config.host(), config.port()), config.security().sslCertFile(),
                config.security().sslKeyFile());
        sb
                // restapi.request_timeout. Streams (GET /pins of a million pins, /add of gigabytes, repo GC:
                // NdjsonStream, AddRoute, GcRoute) clear it and rely on the idle timeout and backpressure instead.
                .requestTimeout(config.requestTimeout())
                .idleTimeout(config.idleTimeout())
                // Stop promptly: streams in flight get a moment to finish, nobody waits for a quiet period.
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(2))
                .http1MaxHeaderSize(config.maxHeaderBytes())
                .maxRequestLength(config.maxRequestBodyBytes())
                .errorHandler(new RestErrorHandler());
        if (auth != null) {
            sb.decorator(auth);
        }
        // Added after (so around) authentication: refused requests are measured too.
        new RequestMeters(meters, "rest").accept(sb);
        // Added last so it wraps authentication: a 401 carries the CORS headers and browsers can read it.
        sb.decorator(cors(config));
        java.util.Set<String> optionsRouted = new java.util.HashSet<>();
        RouteRegistry routes = (method, path, service) -> {
            // A backup being restored is as large as the state: it gets the upload limit, not the JSON one.
            long limit = path.equals("/add") || path.equals(StateBackupRoutes.RESTORE) ? config.maxAddBytes()
                    : config.maxRequestBodyBytes();
            // Every route names the role it needs (RouteAccess throws for an unclassified one).
            HttpService checked = RouteAccess.required(method, path).map(r -> service.decorate(new RoleCheck(r)))
                    .orElse(service);
            sb.route().path(path).methods(method).maxRequestLength(limit).build(checked);
            registered.add(method + " " + path);
            if (optionsRouted.add(path)) {
                // OPTIONS that is not a CORS preflight (the CORS decorator answers those): authenticated like the
                // rest, then 405 without data. Routed explicitly because Armeria's route cache fails (500) on an
                // OPTIONS request to a path an earlier preflight was cached for.
                sb.route().path(path).methods(HttpMethod.OPTIONS).build((ctx, req) -> ErrorResponses.of(
                        com.linecorp.armeria.common.HttpStatus.METHOD_NOT_ALLOWED, "method not allowed"));
            }
        };
        PinOptionsQuery pinOptions = new PinOptionsQuery(clock);
        routes.add(HttpMethod.GET, "/health", (ctx, req) -> com.linecorp.armeria.common.HttpResponse.of(204));
        routes.add(HttpMethod.GET, ReadinessRoute.PATH, new ReadinessRoute(api.readiness()));
        routes.add(HttpMethod.GET, LivenessRoute.PATH, new LivenessRoute());
        TokenService tokens = new TokenService(jwt);
        routes.add(HttpMethod.POST, "/token", tokens.issue());
        routes.add(HttpMethod.DELETE, "/token/{jti}", tokens.revoke());
        new PeerRoutes(api.peers()).register(routes);
        new PinRoutes(api.pins(), api.status(), pinOptions).register(routes);
        new PinBatchRoute(api.pins(), pinOptions).register(routes);
        new StateImportRoute(api.pins()).register(routes);
        new StateBackupRoutes(api.backups()).register(routes);
        new AllocationRoutes(api.pins()).register(routes);
        new MonitorRoutes(api.monitor(), clock).register(routes);
        new RepairRoutes(api.repair()).register(routes);
        new PeerRequestRoutes(api.peers(), clock).register(routes);
        new GcRoute(api.gc()).register(routes);
        new AddRoute(api.adds(), new AddOptionsQuery(pinOptions), config.idleTimeout()).register(routes);
        new DashboardRoutes().register(routes);
        if (tenants != null) {
            tenants.register(routes);
        }
        this.server = sb.build();
    }

    private static Function<? super HttpService, ? extends HttpService> cors(RestConfig config) {
        List<String> origins = config.corsAllowedOrigins();
        if (origins.isEmpty()) {
            return Function.identity(); // off: no Access-Control-* header for any origin
        }
        // Any origin, but then never with credentials: a page elsewhere must not reuse a browser's login.
        boolean any = origins.contains("*");
        CorsServiceBuilder cors = any ? CorsService.builderForAnyOrigin() : CorsService.builder(origins);
        cors.allowRequestMethods(config.corsAllowedMethods().stream().map(HttpMethod::valueOf).toList())
                .allowRequestHeaders("Origin", "Accept", "Content-Type", "X-Requested-With", "Authorization")
                .exposeHeaders(EXPOSED_HEADERS);
        if (!any) {
            cors.allowCredentials();
        }
        return cors.newDecorator();
    }

    /** Binds and starts serving; returns once the port is bound. */
    public RestApiServer start() {
        server.start().join();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.activeLocalPort();
    }

    /** Every registered route as {@code METHOD pattern}, in registration order (tests walk them). */
    public List<String> routes() {
        return List.copyOf(registered);
    }

    public RestConfig config() {
        return config;
    }

    /** Stops accepting, lets in-flight requests end, and releases the port. */
    public void stop() {
        server.stop().join();
    }

    @Override
    public void close() {
        stop();
    }
}
