package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PsaCodec;
import io.pincluster.consensus.codec.RevocationCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a new generation of golden fixtures: {@link GoldenSamples} encoded in the newest format versions this
 * build knows (which may be newer than what it writes by default, see decision 0004), into
 * {@code src/test/resources/golden/<generation>/}. Not a regular test (the name does not match surefire's
 * patterns, and it is disabled without the property); run it only when a format version is added:
 *
 * <pre>mvn -B -q -pl consensus -am verify -Dtest=GoldenFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dgolden.write=v3</pre>
 *
 * It refuses to touch an existing generation: committed fixtures are never regenerated (see decision 0004).
 */
class GoldenFixtureWriter {
    static final String PROPERTY = "golden.write";

    @Test
    @EnabledIfSystemProperty(named = PROPERTY, matches = "v[0-9]+")
    void writeNewGeneration() throws IOException {
        Path dir = Path.of("src", "test", "resources", "golden", System.getProperty(PROPERTY));
        assertThat(dir).as("fixtures of an existing generation are never regenerated").doesNotExist();
        Files.createDirectories(dir);
        PinOpCodec codec = new PinOpCodec(PinOpCodec.ENTRY_FORMAT.newest());
        int directory = DirectoryCodec.FORMAT.newest();
        Files.write(dir.resolve("entry-pins.bin"), codec.encodeEntry(GoldenSamples.ENTRY));
        Files.write(dir.resolve("entry-empty.bin"), codec.encodeEntry(List.of()));
        Files.write(dir.resolve("directory-member.bin"), DirectoryCodec.encode(GoldenSamples.MEMBER, directory));
        Files.write(dir.resolve("directory-removed.bin"), DirectoryCodec.encode(GoldenSamples.REMOVED, directory));
        Files.write(dir.resolve("requests.bin"), codec.encodeRequests(GoldenSamples.REQUESTS));
        Files.write(dir.resolve("results.bin"), codec.encodeResults(GoldenSamples.RESULTS));
        Files.write(dir.resolve("revocation.bin"), RevocationCodec.encode(GoldenSamples.REVOCATION_ENTRY));
        Files.write(dir.resolve("psa-put.bin"), PsaCodec.encodePutEntry(GoldenSamples.PSA_RICH,
                GoldenSamples.PSA_REPLACES, GoldenSamples.PSA_QUOTA));
        Files.write(dir.resolve("psa-remove.bin"), PsaCodec.encodeRemove(GoldenSamples.PSA_REMOVED));
        Files.write(dir.resolve("tenant-put.bin"), PsaCodec.encodeTenantEntry(GoldenSamples.TENANT_RICH,
                GoldenSamples.TENANT_MODE));
        Files.write(dir.resolve("tenant-remove.bin"), PsaCodec.encodeTenantRemove(GoldenSamples.TENANT_REMOVED));
        Files.write(dir.resolve("archive.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encode(GoldenSamples.ARCHIVE_RICH));
        Files.write(dir.resolve("archive-removal.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encodeRemoval(GoldenSamples.ARCHIVE_REMOVAL));
        Files.write(dir.resolve("archive-gone.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encodeRemoval(GoldenSamples.ARCHIVE_REMOVAL_GONE));
        SnapshotFile.write(dir.resolve("snapshot.bin").toAbsolutePath(), GoldenSamples.SNAPSHOT_TERM,
                GoldenSamples.SNAPSHOT_INDEX, GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY,
                GoldenSamples.SNAPSHOT_REVOCATIONS, GoldenSamples.SNAPSHOT_PSA_PINS, GoldenSamples.SNAPSHOT_TENANTS,
                GoldenSamples.SNAPSHOT_ARCHIVES_READ, SnapshotFile.FORMAT.newest());
        Files.write(dir.resolve("read-report.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encodeReads(GoldenSamples.READ_REPORT));
        Files.write(dir.resolve("hot-drop.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encodeDrop(GoldenSamples.HOT_DROP));
        Files.write(dir.resolve("hot-drop-unread.bin"),
                io.pincluster.consensus.codec.ArchiveCodec.encodeDrop(GoldenSamples.HOT_DROP_UNREAD));
    }
}
