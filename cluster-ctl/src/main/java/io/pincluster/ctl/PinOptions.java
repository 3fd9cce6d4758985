package io.pincluster.ctl;

import io.pincluster.core.pin.PinMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The pin options {@code pin add} and {@code add} share (a picocli mixin), and how every pin option becomes a REST
 * query parameter. {@code --replication} is declared by each command, as {@code pin add} also calls it {@code -r}
 * while {@code add}'s {@code -r} means recursive.
 */
final class PinOptions {
    @Option(names = {"--rmin", "--replication-min"}, paramLabel = "N",
            description = "Pin on at least N peers (-1: every peer, 0: the cluster's default).")
    Integer rmin;

    @Option(names = {"--rmax", "--replication-max"}, paramLabel = "N",
            description = "Pin on at most N peers (-1: every peer, 0: the cluster's default).")
    Integer rmax;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "A name for the pin.")
    String name;

    @Option(names = "--expire-in", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unpin after this long, e.g. 24h.")
    Duration expireIn;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata to keep with the pin (repeatable).")
    List<String> metadata;

    @Option(names = {"--allocations", "--allocs"}, paramLabel = "PEER,PEER",
            description = "Peers to pin on first, comma-separated peer IDs.")
    String allocations;

    /** Adds every option given, in ipfs-cluster-ctl's order; {@code replication} and {@code mode} may be null. */
    void addTo(Query query, Integer replication, String mode, Clock clock) {
        if (replication != null && (rmin != null || rmax != null)) {
            throw new UsageException("use either --replication or --rmin/--rmax, not both");
        }
        if (replication != null) {
            query.add("replication", Integer.toString(replication(replication, "replication")));
        }
        if (rmin != null) {
            query.add("replication-min", Integer.toString(replication(rmin, "rmin")));
        }
        if (rmax != null) {
            query.add("replication-max", Integer.toString(replication(rmax, "rmax")));
        }
        query.addIf(name != null, "name", name);
        if (mode != null) {
            try {
                query.add("mode", PinMode.parse(mode).wireName());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        addExpiry(query, expireIn, clock);
        for (String kv : metadata == null ? List.<String>of() : metadata) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--metadata needs key=value, not '" + kv + "'");
            }
            query.add("meta-" + kv.substring(0, eq), kv.substring(eq + 1));
        }
        query.addIf(allocations != null, "user-allocations", allocations);
    }

    /** {@code --expire-in}: like ipfs-cluster-ctl, the deadline is computed here, not by the server's clock. */
    static void addExpiry(Query query, Duration expireIn, Clock clock) {
        if (expireIn != null) {
            query.add("expire-at", Instant.now(clock).plus(expireIn).truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    private static int replication(int n, String flag) {
        if (n < -1) {
            throw new UsageException("--" + flag + " must be -1 (every peer), 0 (cluster default) or more, not " + n);
        }
        return n;
    }
}
