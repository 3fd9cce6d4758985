package io.pincluster.cold.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.CarArchiveWriter;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's crash rules; the CAR is not synced, so its bytes are checked against the manifest after a crash. */
class ArchiveSpoolTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedCarWhoseBytesDidNotAllReachTheDiskIsRemovedNotUploaded() throws IOException {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        ArchiveSpool spool = new ArchiveSpool(dir.resolve("spool"));
        ArchiveSpool.Spooled intact = spoolOne(spool, hot, 1);
        ArchiveSpool.Spooled torn = spoolOne(spool, hot, 2);
        // what a crash can leave of an unsynced file: its length, but zeros where the last blocks should be
        byte[] bytes = Files.readAllBytes(torn.car());
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0);
        Files.write(torn.car(), bytes);

        assertThat(spool.leftovers()).extracting(ArchiveSpool.Spooled::car).containsExactly(intact.car());
        assertThat(torn.car()).doesNotExist();
        assertThat(torn.manifestFile()).doesNotExist();
        try (Stream<Path> left = Files.list(spool.folder())) {
            assertThat(left).containsExactlyInAnyOrder(intact.car(), intact.manifestFile());
        }
    }

    private static ArchiveSpool.Spooled spoolOne(ArchiveSpool spool, InMemoryBlockStore hot, int seed)
            throws IOException {
        TestPins.Pin pin = TestPins.add(hot, 50_000, ImportOptions.kuboV1().withChunkSize(1_024), seed);
        Path partial = spool.newPartial(pin.root());
        ArchiveManifest manifest;
        try (OutputStream out = Files.newOutputStream(partial)) {
            manifest = new CarArchiveWriter(hot::get, new DagPbLinkReader()).write(pin.root(), out);
        }
        return spool.finish(partial, manifest);
    }
}
