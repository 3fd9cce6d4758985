package io.pincluster.core.psa;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A tenant's settings for the Pinning Service API, a record of the replicated state. Every REST user is a tenant
 * already (its token acts for the tenant of its name, decision 0011); a record adds limits and replication for that
 * name, and lets an admin issue tokens valid only on the Pinning Service API (decision 0017). Zero means "the
 * default" in every number: {@code psa.max_pins_per_tenant}, no byte limit, the PSA/cluster replication.
 *
 * @param name           the tenant: the owner of its pin requests (a REST user's name, or a name of its own)
 * @param maxPins        the most pin requests it may hold; 0 = {@code psa.max_pins_per_tenant}
 * @param maxBytes       the most bytes its pinned content may take, as the cluster knows the sizes; 0 = no limit
 * @param replicationMin the replication its requests ask when they do not say; 0 = the PSA setting; -1 = every peer
 * @param replicationMax the most copies the cluster may make of its CIDs; 0 = the same as the minimum
 * @param disabled       its tokens (tenant tokens and the REST tokens of the user of its name) are refused on the
 *                       Pinning Service API; its requests stay
 * @param created        when the leader recorded it first (kept by updates); null in a request not yet committed
 */
public record Tenant(String name, int maxPins, long maxBytes, int replicationMin, int replicationMax,
                     boolean disabled, Instant created) {
    /** Safe in a URL path segment and a log line; a REST user with another name has no record (only defaults). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

    public Tenant {
        if (!validName(name)) {
            throw new IllegalArgumentException("a tenant name must be 1 to 64 characters of letters, digits and "
                    + "._@+- starting with a letter or digit");
        }
        if (maxPins < 0) {
            throw new IllegalArgumentException("max_pins must be 0 (the default) or positive");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("max_bytes must be 0 (no limit) or positive");
        }
        if (replicationMin < -1 || replicationMax < -1) {
            throw new IllegalArgumentException("replication factors must be -1 (everywhere), 0 (default) or positive");
        }
        if (replicationMax == -1 && replicationMin != -1 || replicationMin == -1 && replicationMax > 0
                || replicationMin > 0 && replicationMax > 0 && replicationMax < replicationMin) {
            throw new IllegalArgumentException("replication_factor_max must be 0, or -1 with a minimum of -1, or at "
                    + "least replication_factor_min");
        }
        created = created == null ? null : Instant.ofEpochMilli(created.toEpochMilli());
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The same settings as recorded at {@code when}. */
    public Tenant createdAt(Instant when) {
        return new Tenant(name, maxPins, maxBytes, replicationMin, replicationMax, disabled, when);
    }

    /** The pin quota in force: this record's, else {@code defaultMax} (0: none). */
    public int pinQuota(int defaultMax) {
        return maxPins > 0 ? maxPins : defaultMax;
    }

    /** The replication a request of this tenant asks for: this record's minimum, else {@code defaultReplication}. */
    public int replication(int defaultReplication) {
        return replicationMin != 0 ? replicationMin : defaultReplication;
    }
}
