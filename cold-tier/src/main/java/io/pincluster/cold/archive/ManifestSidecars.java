package io.pincluster.cold.archive;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.ArchiveManifestCodec;
import io.pincluster.cold.car.ArchiveMismatchException;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.ByteRange;
import io.pincluster.cold.s3.ObjectInfo;
import io.pincluster.cold.s3.ObjectStoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each archive's manifest, stored as an object of its own beside the CAR ({@link ArchiveKeys#manifestKey}), in the
 * versioned binary form of {@link ArchiveManifestCodec}. With it the bucket alone describes every archive: if the
 * cluster's state is lost, {@link #readAll()} rebuilds the CID → archive index without reading a single CAR.
 */
public final class ManifestSidecars {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManifestSidecars.class);
    private final ArchiveObjectStore store;
    private final ArchiveKeys keys;

    public ManifestSidecars(ArchiveObjectStore store, ArchiveKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * Stores the encoded manifest in {@code manifestFile} as the sidecar of {@code carKey}: one PutObject whose ETag
     * is checked, no HeadObject after it. Every reader checks a sidecar anyway ({@link #read}: it must decode,
     * name the archive its key names, and fit the CAR's length), and a damaged one is skipped, not trusted.
     */
    void write(String carKey, Path manifestFile) throws IOException {
        store.putSmall(keys.manifestKey(carKey), java.nio.file.Files.readAllBytes(manifestFile));
    }

    /**
     * The archive {@code carKey} as its sidecar describes it, with the CAR's current ETag.
     *
     * @throws ObjectStoreException      the sidecar or the CAR is missing, or the store fails
     * @throws io.pincluster.cold.car.ManifestFormatException the sidecar is not a manifest this build reads
     * @throws ArchiveMismatchException  the sidecar describes another archive than the key names, or the CAR's
     *                                   length is not the manifest's
     */
    public ArchivedPin read(String carKey) throws IOException {
        String manifestKey = keys.manifestKey(carKey);
        ObjectInfo sidecar = store.head(manifestKey).orElseThrow(() -> missing(manifestKey));
        byte[] bytes = store.read(manifestKey, ByteRange.ofLength(0, sidecar.size()), sidecar.etag());
        ArchiveManifest manifest = ArchiveManifestCodec.decode(bytes);
        String expectedKey = keys.carKey(manifest.roots().get(0), manifest.carSha256());
        if (!expectedKey.equals(carKey)) {
            throw new ArchiveMismatchException("the sidecar " + manifestKey + " describes " + expectedKey);
        }
        ObjectInfo car = store.head(carKey).orElseThrow(() -> missing(carKey));
        if (car.size() != manifest.carSize()) {
            throw new ArchiveMismatchException("the archive " + carKey + " has " + car.size() + " bytes, its manifest"
                    + " says " + manifest.carSize());
        }
        return new ArchivedPin(carKey, car.etag(), manifest);
    }

    /**
     * Every archive under the keys' prefix that has a sidecar, in key order. A sidecar whose CAR is missing or does
     * not fit it (a crash between the two deletes of a garbage collection, a hand-deleted object) is skipped and
     * logged, not fatal: one broken archive must not hide all the others from a re-index.
     *
     * @throws IOException listing the bucket failed, or reading a sidecar failed for another reason (the store is down)
     */
    public List<ArchivedPin> readAll() throws IOException {
        return readAll((carKey, problem) -> LOG.warn("skipping the archive {}: {}", carKey, problem.getMessage()));
    }

    /** As {@link #readAll()}, telling {@code skipped} about each archive left out and why. */
    public List<ArchivedPin> readAll(java.util.function.BiConsumer<String, IOException> skipped) throws IOException {
        List<ArchivedPin> pins = new ArrayList<>();
        for (ObjectInfo object : store.list(keys.prefix())) {
            if (keys.isManifestKey(object.key())) {
                String carKey = keys.carKeyOfManifest(object.key());
                try {
                    pins.add(read(carKey));
                } catch (ArchiveMismatchException | io.pincluster.cold.car.ManifestFormatException e) {
                    skipped.accept(carKey, e);
                } catch (ObjectStoreException e) {
                    if (e.httpStatus() != 404) {
                        throw e;
                    }
                    skipped.accept(carKey, e);
                }
            }
        }
        return pins;
    }

    private ObjectStoreException missing(String key) {
        return new ObjectStoreException("no object " + key + " in bucket " + store.bucket(), key, "NoSuchKey", 404,
                null);
    }
}
