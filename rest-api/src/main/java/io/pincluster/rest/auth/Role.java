package io.pincluster.rest.auth;

import java.util.Locale;

/**
 * What a REST user may do. Each role includes the ones before it: a {@link #PINNER} may read, an {@link #ADMIN}
 * may do everything. Users of ipfs-cluster's {@code basic_auth_credentials} without a role are admins, as every
 * user was before roles existed.
 */
public enum Role {
    /** Read-only routes: status, peers, allocations, metrics, health details, own tokens. */
    READER,
    /** Reading, plus pin, unpin, update, recover and add. */
    PINNER,
    /** Everything: peer removal, drain, maintenance, GC, ... */
    ADMIN;

    /** True when this role may use a route that needs {@code required}. */
    public boolean covers(Role required) {
        return compareTo(required) >= 0;
    }

    /** The name used in configuration and errors ({@code reader}, {@code pinner}, {@code admin}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #configName()}; unknown names are an error naming the allowed ones. */
    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.configName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (use reader, pinner or admin)");
    }
}
