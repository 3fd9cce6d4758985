package io.pincluster.cold.archive;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.BlockSource;
import io.pincluster.cold.car.CarArchiveWriter;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.DigestingOutputStream;
import io.pincluster.cold.s3.StoredObject;
import io.pincluster.cold.s3.UploadDigests;
import io.pincluster.cold.s3.UploadProgress;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives one pin: writes the CAR of its DAG to the spool while hashing it (one pass: SHA-256, piece CID and
 * block index come out of the write), uploads it under its content-derived key ({@link ArchiveKeys}), stores the
 * manifest beside it ({@link ManifestSidecars}), removes the spool, and returns what a restore needs.
 *
 * <p>Idempotent: the same DAG gives the same CAR and the same key, and an object that is already in the bucket with
 * the archive's length and SHA-256 is not uploaded again. The upload's digests are computed while the CAR is
 * spooled, so the spooled file is read once, by the upload. A crash leaves only spool files, which
 * {@link #resumeSpooled()} uploads (resuming a multipart upload where it stopped) or removes on the next start.
 *
 * <p>Thread-safe as long as the {@link BlockSource}s are; one job per pin at a time is assumed (the object store
 * takes one writer per key). The {@link Throttle} paces the bytes written to the spool, which is also the pace at
 * which the job reads the hot store and, on average, uploads.
 */
public final class PinArchiver {
    private static final Logger LOG = LoggerFactory.getLogger(PinArchiver.class);
    private static final int SPOOL_BUFFER = 256 * 1024;

    private final ArchiveObjectStore store;
    private final ArchiveKeys keys;
    private final ArchiveSpool spool;
    private final ManifestSidecars sidecars;
    private final LinkReader links;
    private final CarLimits limits;
    private final Throttle throttle;

    public PinArchiver(ArchiveObjectStore store, ArchiveKeys keys, ArchiveSpool spool, LinkReader links,
            CarLimits limits, Throttle throttle) {
        this.store = store;
        this.keys = keys;
        this.spool = spool;
        this.sidecars = new ManifestSidecars(store, keys);
        this.links = links;
        this.limits = limits;
        this.throttle = throttle;
    }

    /**
     * Archives the DAG under {@code root}, read from {@code blocks}.
     *
     * @throws io.pincluster.core.block.BlockNotFoundException a block of the DAG is not in {@code blocks}
     * @throws io.pincluster.core.block.HashMismatchException  {@code blocks} returned a wrong block
     * @throws io.pincluster.cold.s3.ObjectStoreException      the upload failed; the spooled archive stays for
     *                                                         {@link #resumeSpooled()}
     */
    public ArchivedPin archive(Cid root, BlockSource blocks) throws IOException {
        Path partial = spool.newPartial(root);
        ArchiveManifest manifest;
        UploadDigests digests;
        // the upload's MD5s (and part SHA-256s) are computed on the way to the spool, next to the writer's own
        // SHA-256, so the upload reads the spooled file once, to send it (0018, lever 2)
        DigestingOutputStream digesting = store.digesting(
                new BufferedOutputStream(Files.newOutputStream(partial), SPOOL_BUFFER));
        try (OutputStream out = new ThrottledOutputStream(digesting, throttle)) {
            manifest = new CarArchiveWriter(blocks, links, limits).write(root, out);
        } catch (IOException | RuntimeException e) {
            spool.discard(partial);
            throw e;
        }
        digests = digesting.digests(HexFormat.of().formatHex(manifest.carSha256().digest()));
        return upload(spool.finish(partial, manifest), digests);
    }

    /**
     * Uploads the archives a crash left finished in the spool, and removes what it left unfinished. Call once at
     * start, before new jobs use the spool.
     *
     * @return the archives now in the bucket; a failed upload is logged and its spool kept for the next attempt
     */
    public List<ArchivedPin> resumeSpooled() throws IOException {
        List<ArchivedPin> done = new ArrayList<>();
        for (ArchiveSpool.Spooled spooled : spool.leftovers()) {
            try {
                done.add(upload(spooled, null)); // digests read from the file: this process did not write it
            } catch (IOException e) {
                LOG.warn("resuming the upload of {} failed; it stays in the spool: {}", spooled.car().getFileName(),
                        e.toString());
            }
        }
        return done;
    }

    /**
     * Stores the CAR unless the bucket already holds it (one HeadObject, made by the store), then its sidecar.
     * Requests for a new archive below the single-put threshold: HEAD, PUT, HEAD (the CAR's verification), PUT.
     */
    private ArchivedPin upload(ArchiveSpool.Spooled spooled, UploadDigests digests) throws IOException {
        ArchiveManifest manifest = spooled.manifest();
        String carKey = keys.carKey(manifest.roots().get(0), manifest.carSha256());
        StoredObject stored = store.putUnlessStored(carKey, spooled.car(), digests, UploadProgress.NONE);
        if (stored.partsSentNow() == 0) {
            LOG.info("{} is already archived as {}", manifest.roots().get(0), carKey);
        }
        // after the CAR: a sidecar in the bucket always describes an archive that is there
        sidecars.write(carKey, spooled.manifestFile());
        spool.remove(spooled);
        return new ArchivedPin(carKey, stored.etag(), manifest);
    }
}
