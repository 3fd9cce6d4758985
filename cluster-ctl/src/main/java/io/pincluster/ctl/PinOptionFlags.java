package io.pincluster.ctl;

import io.pincluster.core.pin.PinMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The pin options shared by {@code pin add}, {@code pin update} and {@code add}, as REST query parameters. */
final class PinOptionFlags {
    private PinOptionFlags() {
    }

    static Flags declare(Flags flags, boolean replicationShortR) {
        if (replicationShortR) {
            flags.value("replication", "r");
        } else {
            flags.value("replication");
        }
        return flags.value("rmin", "replication-min")
                .value("rmax", "replication-max")
                .value("name", "n")
                .value("expire-in")
                .repeated("metadata")
                .value("allocations", "allocs");
    }

    static void addTo(Query query, Flags.Parsed p, Clock clock) {
        if (p.has("replication") && (p.has("rmin") || p.has("rmax"))) {
            throw new UsageException("use either --replication or --rmin/--rmax, not both");
        }
        if (p.has("replication")) {
            query.add("replication", Integer.toString(replication(p, "replication")));
        }
        if (p.has("rmin")) {
            query.add("replication-min", Integer.toString(replication(p, "rmin")));
        }
        if (p.has("rmax")) {
            query.add("replication-max", Integer.toString(replication(p, "rmax")));
        }
        query.addIf(p.has("name"), "name", p.string("name", ""));
        if (p.has("mode")) {
            try {
                query.add("mode", PinMode.parse(p.string("mode", "")).wireName());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (p.has("expire-in")) {
            // Like ipfs-cluster-ctl: the deadline is computed here, so it does not depend on the server's clock parsing.
            Instant at = Instant.now(clock).plus(Durations.parse("expire-in", p.string("expire-in", "")))
                    .truncatedTo(ChronoUnit.SECONDS);
            query.add("expire-at", at.toString());
        }
        for (String kv : p.all("metadata")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--metadata needs key=value, not '" + kv + "'");
            }
            query.add("meta-" + kv.substring(0, eq), kv.substring(eq + 1));
        }
        query.addIf(p.has("allocations"), "user-allocations", p.string("allocations", ""));
    }

    private static int replication(Flags.Parsed p, String flag) {
        int n = p.integer(flag, 0);
        if (n < -1) {
            throw new UsageException("--" + flag + " must be -1 (every peer), 0 (cluster default) or more, not " + n);
        }
        return n;
    }
}
