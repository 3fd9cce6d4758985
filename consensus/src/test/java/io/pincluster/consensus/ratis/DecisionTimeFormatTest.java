package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision time appended for monotonic time across leaders (decision 0009) travels in log entries and
 * snapshots, and is written only when needed: everything else stays byte for byte as before.
 */
class DecisionTimeFormatTest {
    private static final List<Pin> PINS = GoldenSamples.SNAPSHOT_PINS;
    private static final List<PeerRecord> DIRECTORY = GoldenSamples.SNAPSHOT_DIRECTORY;

    @TempDir
    Path dir;

    @Test
    void anExpiryRemovalCarriesItsDecisionTimeAndOtherRemovalsStayAsTheyWere() {
        PinOpCodec codec = new PinOpCodec();
        PinOp remove = new PinOp.RemovePin(TestPeers.cid(1));
        Instant at = Instant.parse("2026-06-01T00:01:00.123456789Z");
        byte[] plain = codec.encodeEntry(List.of(new Decision.Apply(remove)));
        byte[] timed = codec.encodeEntry(List.of(new Decision.Apply(remove, at)));

        assertThat(codec.decodeEntry(timed)).containsExactly(new Decision.Apply(remove, at));
        assertThat(codec.decodeEntry(plain)).containsExactly(new Decision.Apply(remove));
        assertThat(timed.length).isGreaterThan(plain.length);
        // Format 1 has no room for it: not written there, the entry reads as before.
        PinOpCodec v1 = new PinOpCodec(1);
        assertThat(v1.encodeEntry(List.of(new Decision.Apply(remove, at))))
                .isEqualTo(v1.encodeEntry(List.of(new Decision.Apply(remove))));
    }

    @Test
    void aSnapshotKeepsADecisionTimeLaterThanItsPinsAndOtherwiseWritesTheSameBytes() throws Exception {
        Instant newestPin = PINS.stream().map(Pin::timestamp).max(Instant::compareTo).orElseThrow();
        Path plain = dir.resolve("plain");
        Path earlier = dir.resolve("earlier");
        Path later = dir.resolve("later");
        SnapshotFile.write(plain, 3, 9, PINS, DIRECTORY);
        SnapshotFile.write(earlier, 3, 9, PINS, DIRECTORY, newestPin);
        SnapshotFile.write(later, 3, 9, PINS, DIRECTORY, newestPin.plusSeconds(60));

        assertThat(Files.readAllBytes(earlier)).isEqualTo(Files.readAllBytes(plain));
        assertThat(SnapshotFile.read(plain, null).decisionTime()).isNull();
        SnapshotFile.Contents c = SnapshotFile.read(later, null);
        assertThat(c.decisionTime()).isEqualTo(newestPin.plusSeconds(60));
        assertThat(c.pins()).isEqualTo(PINS);
        assertThat(c.directory()).isEqualTo(DIRECTORY);
    }
}
