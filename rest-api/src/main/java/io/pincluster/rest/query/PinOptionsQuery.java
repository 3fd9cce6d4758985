package io.pincluster.rest.query;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptionLimits;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.time.GoDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ipfs-cluster's pin options in query-string form ({@code replication-min}, {@code meta-app=x}, ...) parsed
 * into {@link PinOptions}. Stricter than ipfs-cluster: bad peer IDs, unknown modes and malformed numbers
 * are 400s instead of being dropped or defaulted.
 */
public final class PinOptionsQuery {
    static final String META_PREFIX = "meta-";
    private static final Duration MIN_EXPIRE_IN = Duration.ofSeconds(1);

    private final Clock clock;

    public PinOptionsQuery(Clock clock) {
        this.clock = clock;
    }

    /** Parses every pin option in {@code q}; throws a BAD_REQUEST {@link ClusterException} naming the bad one. */
    public PinOptions parse(QueryParams q) {
        int min = orZero(QueryValues.integer(q, "replication-min"));
        int max = orZero(QueryValues.integer(q, "replication-max"));
        Integer both = QueryValues.integer(q, "replication");
        if (both != null) {
            min = both;
            max = both;
        }
        if (min < -1 || max < -1) {
            throw ClusterException.badRequest("replication-min and replication-max must be -1, 0 or positive, not "
                    + min + " and " + max);
        }
        PinMode mode = mode(q);
        long shardSize = shardSize(q);
        try {
            PinOptions options = new PinOptions(min, max, QueryValues.string(q, "name"), mode, shardSize,
                    userAllocations(q), expireAt(q), metadata(q), QueryValues.cid(q, "pin-update"), origins(q));
            PinOptionLimits.check(options);
            return options;
        } catch (ClusterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest(e.getMessage());
        }
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    private static PinMode mode(QueryParams q) {
        String v = QueryValues.string(q, "mode");
        if (v == null) {
            return PinMode.RECURSIVE;
        }
        try {
            return PinMode.parse(v);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest("mode: " + e.getMessage());
        }
    }

    private static long shardSize(QueryParams q) {
        String v = QueryValues.string(q, "shard-size");
        if (v == null) {
            return 0;
        }
        try {
            long size = Long.parseLong(v);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw ClusterException.badRequest("shard-size: '" + Excerpt.of(v) + "' is not a non-negative integer");
        }
    }

    private static List<PeerId> userAllocations(QueryParams q) {
        List<PeerId> peers = new ArrayList<>();
        for (String s : QueryValues.list(q, "user-allocations")) {
            try {
                peers.add(PeerId.parse(s));
            } catch (IllegalArgumentException e) {
                throw ClusterException.badRequest("user-allocations: " + e.getMessage());
            }
        }
        return peers;
    }

    /** {@code expire-at} (RFC3339) wins over {@code expire-in} (Go duration ≥ 1s); both must be valid. */
    private Instant expireAt(QueryParams q) {
        Instant now = clock.instant();
        Instant fromIn = null;
        String in = QueryValues.string(q, "expire-in");
        if (in != null) {
            Duration d;
            try {
                d = GoDuration.parse(in);
            } catch (IllegalArgumentException e) {
                throw ClusterException.badRequest("expire-in: " + e.getMessage());
            }
            if (d.compareTo(MIN_EXPIRE_IN) < 0) {
                throw ClusterException.badRequest("expire-in: '" + Excerpt.of(in) + "' is shorter than 1s");
            }
            fromIn = now.plus(d);
        }
        String at = QueryValues.string(q, "expire-at");
        if (at == null) {
            return fromIn;
        }
        Instant expireAt;
        try {
            expireAt = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw ClusterException.badRequest("expire-at: '" + Excerpt.of(at) + "' is not an RFC3339 time");
        }
        if (!expireAt.isAfter(now)) {
            throw ClusterException.badRequest("expire-at: " + Excerpt.of(at) + " is in the past");
        }
        return expireAt;
    }

    /**
     * The metadata, with {@code archive=true|false} (the cold tier's pin option, decision 0019) as the reserved key
     * {@link ArchivePolicy#OPTION_KEY}, so it is stored and replicated as metadata is.
     */
    private static Map<String, String> metadata(QueryParams q) {
        Map<String, String> meta = new TreeMap<>();
        String archive = QueryValues.string(q, "archive");
        if (archive != null) {
            if (!archive.equals("true") && !archive.equals("false")) {
                throw ClusterException.badRequest("archive: '" + Excerpt.of(archive) + "' is not true or false");
            }
            if (archive.equals("true")) {
                meta.put(ArchivePolicy.OPTION_KEY, "true");
            }
        }
        for (String name : q.names()) {
            if (name.startsWith(META_PREFIX)) {
                String key = name.substring(META_PREFIX.length());
                if (key.isEmpty()) {
                    throw ClusterException.badRequest("meta-: metadata key must not be empty");
                }
                meta.put(key, q.get(name));
            }
        }
        return meta;
    }

    /** Each origin must be a multiaddr ending in (or containing) {@code /p2p/<peer ID>}, as ipfs-cluster demands. */
    private static List<String> origins(QueryParams q) {
        List<String> origins = new ArrayList<>();
        for (String addr : QueryValues.list(q, "origins")) {
            checkOrigin(addr);
            origins.add(addr);
        }
        return origins;
    }

    /**
     * Throws a BAD_REQUEST {@link ClusterException} naming {@code addr} unless it is a multiaddr with a valid
     * {@code /p2p/<peer ID>} (or {@code /ipfs/<peer ID>}) part. Public so that the Pinning Service API refuses the
     * same origins this API does: one rule for what a pin's origins may be, whichever API the pin came through.
     */
    public static void checkOrigin(String addr) {
        if (!addr.startsWith("/")) {
            throw ClusterException.badRequest("origins: '" + Excerpt.of(addr) + "' is not a multiaddr");
        }
        String[] parts = addr.split("/");
        boolean hasPeer = false;
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].equals("p2p") || parts[i].equals("ipfs")) {
                try {
                    PeerId.parse(parts[i + 1]);
                } catch (IllegalArgumentException e) {
                    throw ClusterException.badRequest("origins: '" + Excerpt.of(addr) + "': " + e.getMessage());
                }
                hasPeer = true;
            }
        }
        if (!hasPeer) {
            throw ClusterException.badRequest("origins: '" + Excerpt.of(addr) + "' has no /p2p/<peer ID> part");
        }
    }
}
