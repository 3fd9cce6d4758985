package io.pincluster.cold.archive;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.ArchiveManifestCodec;
import io.pincluster.cold.car.ManifestFormatException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local folder where archives wait for their upload, laid out so that a crash at any point leaves either
 * nothing worth keeping (removed on the next start) or a complete archive that can be uploaded as it is:
 *
 * <ul>
 *   <li>{@code <root>.<random>.partial}: a CAR being written. Never resumed: rewriting it costs less than proving
 *       which prefix of it is sound.</li>
 *   <li>{@code <root>.<sha256>.manifest}, then {@code <root>.<sha256>.car}: a finished archive. The manifest is
 *       written (and synced) before the CAR is renamed into place, so a {@code .car} always has its manifest and
 *       the upload can resume without reading the DAG again. The CAR is not synced: after a crash its SHA-256 is
 *       checked against the manifest's before it is uploaded. Beside it the object store may keep its upload journal
 *       ({@code .car.upload-journal}), which the resumed upload reads.</li>
 * </ul>
 */
public final class ArchiveSpool {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSpool.class);
    private static final String PARTIAL = ".partial";
    private static final String CAR = ".car";
    private static final String MANIFEST = ".manifest";
    private static final String TEMP = ".tmp";

    private final Path folder;

    /** A finished archive in the spool, waiting for its upload. */
    public record Spooled(Path car, Path manifestFile, ArchiveManifest manifest) {
    }

    /** Uses (and creates) {@code folder}; nothing else should write there. */
    public ArchiveSpool(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    public Path folder() {
        return folder;
    }

    /** A new, empty file to write the CAR of {@code root} to; unique, so two jobs of one root do not collide. */
    Path newPartial(Cid root) throws IOException {
        return Files.createTempFile(folder, root + ".", PARTIAL);
    }

    /**
     * Makes the written {@code partial} a finished archive: syncs it, writes its manifest, renames it. After this
     * returns, a crash leaves an archive {@link #leftovers()} finds.
     */
    Spooled finish(Path partial, ArchiveManifest manifest) throws IOException {
        // No fsync of the CAR itself (it cost a disk flush per archive, before an upload that reads the bytes from
        // the page cache anyway): a crash may leave a .car whose bytes did not all reach the disk, and
        // leftovers() finds it by its SHA-256, which must be the manifest's, before anything uploads it.
        String base = manifest.roots().get(0) + "." + HexFormat.of().formatHex(manifest.carSha256().digest());
        Path manifestFile = folder.resolve(base + MANIFEST);
        Path temp = folder.resolve(base + MANIFEST + TEMP);
        Files.write(temp, ArchiveManifestCodec.encode(manifest));
        sync(temp);
        Files.move(temp, manifestFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path car = folder.resolve(base + CAR);
        Files.move(partial, car, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder();
        return new Spooled(car, manifestFile, manifest);
    }

    /**
     * After a restart: removes what a crash left unfinished (partial CARs, half-written manifests, manifests or
     * upload journals without their CAR) and returns the finished archives whose upload did not complete.
     */
    public List<Spooled> leftovers() throws IOException {
        List<Spooled> finished = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            dir.forEach(files::add);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(PARTIAL) || name.endsWith(TEMP)) {
                delete(file, "unfinished");
            } else if (name.endsWith(MANIFEST)) {
                Path car = file.resolveSibling(name.substring(0, name.length() - MANIFEST.length()) + CAR);
                if (!Files.exists(car)) {
                    delete(file, "manifest without its archive");
                }
            } else if (name.endsWith(CAR)) {
                Path manifestFile = file.resolveSibling(name.substring(0, name.length() - CAR.length()) + MANIFEST);
                Spooled spooled = readFinished(file, manifestFile);
                if (spooled != null) {
                    finished.add(spooled);
                }
            } else if (name.contains(CAR + ".") && !Files.exists(folder.resolve(name.substring(0,
                    name.indexOf(CAR + ".") + CAR.length())))) {
                delete(file, "upload state without its archive");
            }
        }
        return finished;
    }

    /** Removes a spooled archive once the store holds it (the store removed its journal itself). */
    void remove(Spooled spooled) throws IOException {
        Files.deleteIfExists(spooled.car());
        Files.deleteIfExists(spooled.manifestFile());
    }

    /** Removes a CAR that will not be finished (the writer failed). */
    void discard(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("cannot remove {}; the next start will: {}", partial, e.toString());
        }
    }

    private Spooled readFinished(Path car, Path manifestFile) throws IOException {
        ArchiveManifest manifest;
        try {
            manifest = ArchiveManifestCodec.decode(Files.readAllBytes(manifestFile));
        } catch (ManifestFormatException | java.nio.file.NoSuchFileException e) {
            // cannot happen in the order finish() writes, unless the disk lost data: the DAG is archived again
            delete(car, "archive without a readable manifest (" + e.getMessage() + ")");
            Files.deleteIfExists(manifestFile);
            return null;
        }
        if (Files.size(car) != manifest.carSize()) {
            delete(car, "archive of " + Files.size(car) + " bytes, its manifest says " + manifest.carSize());
            Files.deleteIfExists(manifestFile);
            return null;
        }
        // finish() does not sync the CAR: a crash can leave one of the right length whose tail never reached the
        // disk (zeros, or old blocks). Only the bytes the manifest describes may be uploaded under its key.
        byte[] sha256 = sha256Of(car);
        if (!Arrays.equals(sha256, manifest.carSha256().digest())) {
            delete(car, "archive whose SHA-256 is " + HexFormat.of().formatHex(sha256) + ", its manifest says "
                    + HexFormat.of().formatHex(manifest.carSha256().digest()) + " (not all of it reached the disk)");
            Files.deleteIfExists(manifestFile);
            return null;
        }
        return new Spooled(car, manifestFile, manifest);
    }

    private static byte[] sha256Of(Path file) throws IOException {
        MessageDigest digest = Multihash.newSha256();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static void delete(Path file, String why) throws IOException {
        LOG.info("removing {} from the archive spool: {}", file.getFileName(), why);
        Files.deleteIfExists(file);
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private void syncFolder() {
        // the renames must survive a crash too; not every platform can open a folder, which then is best effort
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync the spool folder {}: {}", folder, e.toString());
        }
    }
}
