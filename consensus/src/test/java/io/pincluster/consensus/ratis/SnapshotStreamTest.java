package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PeerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.ratis.io.MD5Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot streamed pin by pin (how a peer loads one at start and after an install): the same pins and sections
 * as reading it whole, and a damaged file is only reported at the end of the pins, before a load that commits on
 * exhaustion could commit.
 */
class SnapshotStreamTest {
    private static final List<Pin> PINS = GoldenSamples.SNAPSHOT_PINS;
    private static final List<PeerRecord> DIRECTORY = GoldenSamples.SNAPSHOT_DIRECTORY;

    @TempDir
    Path dir;

    @Test
    void streamingGivesThePinsInOrderAndTheSectionsAfterThem() throws IOException {
        Path file = dir.resolve("snapshot");
        MD5Hash md5 = SnapshotFile.write(file, 3, 12, PINS, DIRECTORY);
        List<Pin> seen = new ArrayList<>();
        long[] header = new long[3];
        SnapshotFile.Contents rest = SnapshotFile.stream(file, md5, (term, index, count, pins) -> {
            header[0] = term;
            header[1] = index;
            header[2] = count;
            pins.forEachRemaining(seen::add);
        });
        assertThat(header).containsExactly(3, 12, PINS.size());
        assertThat(seen).isEqualTo(SnapshotFile.read(file, md5).pins()).isEqualTo(PINS);
        assertThat(rest.directory()).isEqualTo(DIRECTORY);
        assertThat(rest.pins()).isEmpty();
    }

    @Test
    void aDigestMismatchFailsTheLastHasNextSoNothingIsCommitted() throws IOException {
        Path file = dir.resolve("snapshot");
        SnapshotFile.write(file, 3, 12, PINS, DIRECTORY);
        MD5Hash other = SnapshotFile.write(dir.resolve("other"), 3, 13, PINS, DIRECTORY);
        List<Pin> taken = new ArrayList<>();
        boolean[] committed = {false};
        assertThatThrownBy(() -> SnapshotFile.stream(file, other, (term, index, count, pins) -> {
            while (pins.hasNext()) {
                taken.add(pins.next());
            }
            committed[0] = true; // what PinSetState.replaceAll does once its iterator is exhausted
        })).isInstanceOf(IOException.class).hasMessageContaining("MD5 mismatch");
        assertThat(committed[0]).isFalse();
        assertThat(taken).hasSize(PINS.size());
    }

    @Test
    void aTruncatedFileFailsInsteadOfEndingThePinsEarly() throws IOException {
        Path file = dir.resolve("snapshot");
        SnapshotFile.write(file, 3, 12, PINS, DIRECTORY);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> SnapshotFile.stream(file, null, (term, index, count, pins) -> {
            pins.forEachRemaining(p -> { });
        })).isInstanceOf(IOException.class);
    }

    @Test
    void aLoadThatStopsEarlyIsAnError() throws IOException {
        Path file = dir.resolve("snapshot");
        MD5Hash md5 = SnapshotFile.write(file, 3, 12, PINS, DIRECTORY);
        assertThatThrownBy(() -> SnapshotFile.stream(file, md5, (term, index, count, pins) -> {
            Iterator<Pin> it = pins;
            it.next();
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before the last pin");
    }
}
