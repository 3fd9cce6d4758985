package io.pincluster.cold.archive;

import io.pincluster.cold.car.ArchiveManifest;
import java.util.Objects;

/**
 * One archive in the bucket, as a restore needs it: the object key, the ETag of the version the manifest describes
 * (every ranged read of a restore is pinned to it with {@code If-Match}), and the manifest itself. What the cluster
 * will keep per archived pin in its replicated state.
 */
public record ArchivedPin(String carKey, String etag, ArchiveManifest manifest) {
    public ArchivedPin {
        Objects.requireNonNull(carKey, "carKey");
        Objects.requireNonNull(manifest, "manifest");
    }
}
