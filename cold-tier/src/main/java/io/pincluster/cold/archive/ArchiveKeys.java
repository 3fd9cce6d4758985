package io.pincluster.cold.archive;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.util.HexFormat;

/**
 * Object keys of archives, derived from what they hold: {@code <prefix><root CID>/<CAR SHA-256 hex>.car}, and the
 * manifest sidecar beside it with {@code .manifest} instead of {@code .car}.
 *
 * <p>Why both parts (docs/decisions/0018): the CAR writer is deterministic, so the same DAG always gives the same
 * bytes and therefore the same key, and archiving a pin again finds its object already there instead of writing a
 * second copy. The SHA-256 makes the key name exactly one content: an object is never overwritten with other
 * bytes (a later writer format gives a new key, and the index in the state keeps pointing at bytes that exist),
 * which is what lets a restore trust {@code If-Match} on one ETag. The root CID in front groups a pin's archives
 * under one listing prefix, for garbage collection and for re-indexing from the bucket alone.
 */
public final class ArchiveKeys {
    /** Where archives go when the cluster names no other prefix. */
    public static final String DEFAULT_PREFIX = "archives/";
    private static final String CAR = ".car";
    private static final String MANIFEST = ".manifest";

    private final String prefix;

    public ArchiveKeys(String prefix) {
        if (prefix == null || (!prefix.isEmpty() && !prefix.endsWith("/"))) {
            throw new IllegalArgumentException("an archive key prefix is empty or ends with '/': " + prefix);
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The key of the CAR of the DAG under {@code root} whose bytes hash to {@code carSha256}. */
    public String carKey(Cid root, Multihash carSha256) {
        return rootPrefix(root) + HexFormat.of().formatHex(carSha256.digest()) + CAR;
    }

    /** The sidecar manifest of the archive {@code carKey}. */
    public String manifestKey(String carKey) {
        if (!isCarKey(carKey)) {
            throw new IllegalArgumentException("not an archive key: " + carKey);
        }
        return carKey.substring(0, carKey.length() - CAR.length()) + MANIFEST;
    }

    /** The archive whose sidecar manifest is {@code manifestKey}. */
    public String carKeyOfManifest(String manifestKey) {
        if (!isManifestKey(manifestKey)) {
            throw new IllegalArgumentException("not a manifest key: " + manifestKey);
        }
        return manifestKey.substring(0, manifestKey.length() - MANIFEST.length()) + CAR;
    }

    /** The listing prefix of every archive of {@code root}. */
    public String rootPrefix(Cid root) {
        return prefix + root + "/";
    }

    public boolean isCarKey(String key) {
        return key.startsWith(prefix) && key.endsWith(CAR);
    }

    public boolean isManifestKey(String key) {
        return key.startsWith(prefix) && key.endsWith(MANIFEST);
    }
}
