package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.consensus.codec.BinaryWriter;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.MalformedDataException;
import io.pincluster.consensus.codec.PinCodec;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PeerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot format versions: 1 to 3 are read, a newer one is refused by name, format 3 skips what a later build
 * appends to the header and to records, and formats 1 and 2 stay strict.
 */
class SnapshotFormatVersionsTest {
    private static final byte[] MAGIC = {'P', 'C', 'P', 'S'};
    private static final List<Pin> PINS = GoldenSamples.SNAPSHOT_PINS;
    private static final List<PeerRecord> DIRECTORY = GoldenSamples.SNAPSHOT_DIRECTORY;

    @TempDir
    Path dir;

    /** A snapshot file as {@code version} lays it out, with {@code extra} appended to the header and records. */
    private Path handWritten(int version, boolean extra) throws IOException {
        BinaryWriter w = new BinaryWriter(4096).varint(version);
        int header = version >= 3 ? w.beginRecord() : 0;
        w.varint(7).varint(99).varint(PINS.size());
        if (version >= 3) {
            if (extra) {
                laterBuildsField(w);
            }
            w.endRecord(header);
        }
        PinCodec codec = new PinCodec();
        for (Pin pin : PINS) {
            int mark = w.beginRecord();
            codec.writePin(w, pin);
            if (extra) {
                laterBuildsField(w);
            }
            w.endRecord(mark);
        }
        if (version >= 2) {
            w.varint(DIRECTORY.size());
            for (PeerRecord record : DIRECTORY) {
                int mark = w.beginRecord();
                DirectoryCodec.writeRecord(w, record);
                if (extra) {
                    if (!record.hasRequests()) {
                        w.u8(0).optionalInstant(null); // a later build writes the requests block, set or not, first
                    }
                    laterBuildsField(w);
                }
                w.endRecord(mark);
            }
        }
        Path file = dir.resolve("snapshot." + version + (extra ? ".extra" : ""));
        Files.write(file, MAGIC);
        Files.write(file, w.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    private static void laterBuildsField(BinaryWriter w) {
        w.varint(42).string("a field of a later format");
    }

    @Test
    void aSnapshotOfANewerFormatIsRefusedNamingItsVersion() throws IOException {
        Path file = dir.resolve("snapshot");
        SnapshotFile.write(file, 1, 2, PINS, DIRECTORY);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[4]).as("the version varint after the magic").isEqualTo((byte) 3);
        bytes[4] = 9; // the newest format is 8 since the archive index' read times
        Files.write(file, bytes);

        assertThatThrownBy(() -> SnapshotFile.read(file, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("snapshot format version 9 is newer than this build reads (versions 1 to 8)")
                .hasCauseInstanceOf(MalformedDataException.class);
    }

    @Test
    void format3SkipsWhatALaterBuildAppendedToTheHeaderAndToEveryRecord() throws IOException {
        SnapshotFile.Contents c = SnapshotFile.read(handWritten(3, true), null);

        assertThat(c.term()).isEqualTo(7);
        assertThat(c.index()).isEqualTo(99);
        assertThat(c.pins()).isEqualTo(PINS);
        assertThat(c.directory()).isEqualTo(DIRECTORY);
    }

    @Test
    void format2IsReadAndStaysStrictAboutBytesItDoesNotKnow() throws IOException {
        SnapshotFile.Contents c = SnapshotFile.read(handWritten(2, false), null);
        assertThat(c.pins()).isEqualTo(PINS);
        assertThat(c.directory()).isEqualTo(DIRECTORY);

        Path extended = handWritten(2, true);
        assertThatThrownBy(() -> SnapshotFile.read(extended, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("trailing bytes after snapshot pin record");
    }

    @Test
    void format1WithoutADirectoryIsStillReadButNeverWritten() throws IOException {
        SnapshotFile.Contents c = SnapshotFile.read(handWritten(1, false), null);
        assertThat(c.term()).isEqualTo(7);
        assertThat(c.index()).isEqualTo(99);
        assertThat(c.pins()).isEqualTo(PINS);
        assertThat(c.directory()).isEmpty();

        assertThatThrownBy(() -> SnapshotFile.write(dir.resolve("v1"), 1, 1, PINS, DIRECTORY, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer directory");
        // a version beyond the newest (8 since the archive index' read times) is refused too
        assertThatThrownBy(() -> SnapshotFile.write(dir.resolve("v9"), 1, 1, PINS, DIRECTORY, 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot format version 9");
    }

    @Test
    void aTruncatedFormat3HeaderIsRefused() throws IOException {
        Path file = dir.resolve("snapshot");
        SnapshotFile.write(file, 1, 2, PINS, DIRECTORY);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 7)); // magic, version, header length, one header byte

        assertThatThrownBy(() -> SnapshotFile.read(file, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated in snapshot header");
    }
}
