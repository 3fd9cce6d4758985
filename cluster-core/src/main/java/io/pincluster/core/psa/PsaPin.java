package io.pincluster.core.psa;

import io.pincluster.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One pin request of the Pinning Service API: what a tenant asked to keep, under its own request ID. Several
 * requests may name the same CID (one per tenant, or several of one tenant, each with its own name and metadata);
 * the cluster pins the CID while any request names it.
 *
 * @param requestId   the request's ID, chosen by the peer that took the request (random, never the CID)
 * @param owner       the tenant: the user whose token made the request
 * @param cid         what to pin
 * @param name        the request's name, or null
 * @param origins     multiaddrs the client said provide the content
 * @param meta        the client's metadata (string to string)
 * @param replication the replication this request asks for: 0 = the cluster's default, -1 = every peer
 * @param created     when the leader took the request (unique, millisecond precision); null in a request not yet
 *                    committed
 */
public record PsaPin(String requestId, String owner, Cid cid, String name, List<String> origins,
                     Map<String, String> meta, int replication, Instant created) {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final int MAX_NAME_CHARS = 255;
    public static final int MAX_ORIGINS = 20;
    public static final int MAX_META_ENTRIES = 1000;
    public static final int MAX_STRING_BYTES = 4096;
    public static final int MAX_OWNER_BYTES = 255;

    public PsaPin {
        if (!validRequestId(requestId)) {
            throw new IllegalArgumentException("not a request ID");
        }
        if (owner == null || owner.isEmpty() || owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("an owner must have 1 to " + MAX_OWNER_BYTES + " bytes");
        }
        Objects.requireNonNull(cid, "cid");
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME_CHARS + " characters");
        }
        origins = origins == null ? List.of() : List.copyOf(origins);
        if (origins.size() > MAX_ORIGINS) {
            throw new IllegalArgumentException("more than " + MAX_ORIGINS + " origins");
        }
        origins.forEach(o -> checkString("origin", o));
        meta = meta == null || meta.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(meta));
        if (meta.size() > MAX_META_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_META_ENTRIES + " meta entries");
        }
        meta.forEach((k, v) -> {
            checkString("meta key", k);
            checkString("meta value", v);
        });
        if (replication < -1) {
            throw new IllegalArgumentException("replication must be -1 (everywhere), 0 (default) or positive");
        }
        created = created == null ? null : Instant.ofEpochMilli(created.toEpochMilli());
    }

    private static void checkString(String what, String s) {
        if (s == null || s.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a " + what + " must be a string of at most " + MAX_STRING_BYTES
                    + " bytes");
        }
    }

    public static boolean validRequestId(String id) {
        return id != null && REQUEST_ID.matcher(id).matches();
    }

    /** The same request as committed at {@code when}. */
    public PsaPin createdAt(Instant when) {
        return new PsaPin(requestId, owner, cid, name, origins, meta, replication, when);
    }
}
