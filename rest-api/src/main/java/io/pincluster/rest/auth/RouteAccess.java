package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpMethod;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that says which role each REST route needs. A route missing here cannot be registered
 * ({@code RestApiServer} fails at start), so a new route is never open to everyone by accident.
 * {@link #OPEN} routes need no credentials at all.
 */
public final class RouteAccess {
    /** Needs no credentials: health checks only. */
    public static final String OPEN = "open";

    private static final String PIN_PATH = "regex:^/pins/(?<namespace>ipfs|ipns|ipld)/(?<path>.+)$";

    private static final Map<String, Object> ROUTES = Map.ofEntries(
            Map.entry("GET /health", OPEN),
            Map.entry("GET /health/ready", OPEN),
            Map.entry("GET /health/live", OPEN),
            // Reading, and managing one's own tokens.
            Map.entry("POST /token", Role.READER),
            Map.entry("DELETE /token/{jti}", Role.READER),
            Map.entry("GET /id", Role.READER),
            Map.entry("GET /version", Role.READER),
            Map.entry("GET /peers", Role.READER),
            Map.entry("GET /pins", Role.READER),
            Map.entry("GET /pins/{cid}", Role.READER),
            Map.entry("GET /allocations", Role.READER),
            Map.entry("GET /allocations/{cid}", Role.READER),
            Map.entry("GET /monitor/metrics", Role.READER),
            Map.entry("GET /monitor/metrics/{name}", Role.READER),
            Map.entry("GET /health/alerts", Role.READER),
            Map.entry("GET /health/repair", Role.READER),
            Map.entry("GET /health/moves", Role.READER),
            // The dashboard page shows what the read routes above show, to whoever may read them.
            Map.entry("GET /dashboard", Role.READER),
            Map.entry("GET /dashboard/{file}", Role.READER),
            // Changing the pinset.
            Map.entry("POST /pins", Role.PINNER),
            Map.entry("POST /pins/{cid}", Role.PINNER),
            Map.entry("DELETE /pins/{cid}", Role.PINNER),
            Map.entry("POST " + PIN_PATH, Role.PINNER),
            Map.entry("DELETE " + PIN_PATH, Role.PINNER),
            Map.entry("POST /pins/recover", Role.PINNER),
            Map.entry("POST /pins/{cid}/recover", Role.PINNER),
            Map.entry("POST /add", Role.PINNER),
            // Changing the cluster.
            Map.entry("POST /peers", Role.ADMIN),
            Map.entry("DELETE /peers/{peer}", Role.ADMIN),
            Map.entry("POST /peers/{peer}/drain", Role.ADMIN),
            Map.entry("DELETE /peers/{peer}/drain", Role.ADMIN),
            Map.entry("POST /peers/{peer}/maintenance", Role.ADMIN),
            Map.entry("DELETE /peers/{peer}/maintenance", Role.ADMIN),
            Map.entry("POST /ipfs/gc", Role.ADMIN),
            // Restoring a backup rewrites the pinset in bulk, with any replication options.
            Map.entry("POST /state/import", Role.ADMIN),
            // A backup holds every pin and the peer directory; a restore rewrites the pinset.
            Map.entry("GET /state/backup", Role.ADMIN),
            Map.entry("POST /state/restore", Role.ADMIN),
            // Pinning Service API tenants (decision 0017): their quotas, and tokens that act for them.
            Map.entry("GET /tenants", Role.ADMIN),
            Map.entry("POST /tenants", Role.ADMIN),
            Map.entry("GET /tenants/{name}", Role.ADMIN),
            Map.entry("PUT /tenants/{name}", Role.ADMIN),
            Map.entry("DELETE /tenants/{name}", Role.ADMIN),
            Map.entry("POST /tenants/{name}/tokens", Role.ADMIN));

    private RouteAccess() {
    }

    /**
     * The role {@code method pathPattern} needs, or empty when it is {@link #OPEN}.
     *
     * @throws IllegalArgumentException the route is not classified
     */
    public static Optional<Role> required(HttpMethod method, String pathPattern) {
        Object access = ROUTES.get(method.name() + " " + pathPattern);
        if (access == null) {
            throw new IllegalArgumentException("REST route " + method + " " + pathPattern
                    + " has no access class: add it to " + RouteAccess.class.getSimpleName());
        }
        return access instanceof Role role ? Optional.of(role) : Optional.empty();
    }

    /** True when {@code method pathPattern} is classified. */
    public static boolean isClassified(HttpMethod method, String pathPattern) {
        return ROUTES.containsKey(method.name() + " " + pathPattern);
    }
}
