package io.pincluster.rest.query;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.PinOptions;

/**
 * The query of {@code POST /add}: Kubo's import options plus the pin options. What we cannot honour
 * (other chunkers and layouts, other hashes, filestore, sharding) is a 400 rather than silently ignored.
 */
public final class AddOptionsQuery {
    private final PinOptionsQuery pinOptions;

    public AddOptionsQuery(PinOptionsQuery pinOptions) {
        this.pinOptions = pinOptions;
    }

    /** The parsed request and whether to stream output lines ({@code stream-channels}, default true). */
    public record AddParams(AddRequest request, boolean streamChannels) {
    }

    public AddParams parse(QueryParams q) {
        PinOptions options = pinOptions.parse(q);
        // ipfs-cluster ignores pin-update on /add.
        options = new PinOptions(options.replicationMin(), options.replicationMax(), options.name(), options.mode(),
                options.shardSize(), options.userAllocations(), options.expireAt(), options.metadata(), null,
                options.origins());
        Integer cidVersion = QueryValues.integer(q, "cid-version");
        int version = cidVersion == null ? 0 : cidVersion;
        if (version != 0 && version != 1) {
            throw ClusterException.badRequest("cid-version: must be 0 or 1, not " + version);
        }
        boolean rawLeaves = bool(q, "raw-leaves", version > 0);
        int chunkSize = chunkSize(QueryValues.string(q, "chunker"));
        String layout = QueryValues.string(q, "layout");
        if (layout != null && !layout.equals("balanced")) {
            throw ClusterException.badRequest("layout: only balanced is supported, not '" + Excerpt.of(layout) + "'");
        }
        String hash = QueryValues.string(q, "hash");
        if (hash != null && !hash.equals("sha2-256")) {
            throw ClusterException.badRequest("hash: only sha2-256 is supported, not '" + Excerpt.of(hash) + "'");
        }
        if (bool(q, "nocopy", false)) {
            throw ClusterException.badRequest("nocopy: the filestore is not supported");
        }
        if (bool(q, "shard", false)) {
            throw ClusterException.badRequest("shard: sharded adds are not supported");
        }
        String format = QueryValues.string(q, "format");
        if (format != null && !format.equals("unixfs") && !format.equals("car")) {
            throw ClusterException.badRequest("format: must be unixfs or car, not '" + Excerpt.of(format) + "'");
        }
        AddRequest request = new AddRequest(options, version, rawLeaves, chunkSize, bool(q, "recursive", false),
                bool(q, "hidden", false), bool(q, "wrap-with-directory", false), bool(q, "progress", false),
                bool(q, "no-pin", false), bool(q, "local", false), format);
        return new AddParams(request, bool(q, "stream-channels", true));
    }

    /** Only fixed-size chunking ({@code size-N}, 1 B to 1 MiB) is implemented. */
    static int chunkSize(String chunker) {
        if (chunker == null) {
            return AddRequest.DEFAULT_CHUNK_SIZE;
        }
        if (!chunker.startsWith("size-")) {
            throw ClusterException.badRequest("chunker: only size-<bytes> is supported, not '" + Excerpt.of(chunker)
                    + "'");
        }
        try {
            int size = Integer.parseInt(chunker.substring("size-".length()));
            if (size <= 0 || size > 1024 * 1024) {
                throw ClusterException.badRequest("chunker: size must be between 1 and 1048576, not " + size);
            }
            return size;
        } catch (NumberFormatException e) {
            throw ClusterException.badRequest("chunker: '" + Excerpt.of(chunker) + "' is not size-<bytes>");
        }
    }

    /** Go's {@code strconv.ParseBool}, which Kubo and ipfs-cluster use for these flags. */
    public static boolean bool(QueryParams q, String name, boolean defaultValue) {
        String v = QueryValues.string(q, name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw ClusterException.badRequest(name + ": '" + Excerpt.of(v) + "' is not a boolean");
        };
    }
}
