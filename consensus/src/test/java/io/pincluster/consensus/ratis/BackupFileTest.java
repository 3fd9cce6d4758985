package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.consensus.codec.BinaryWriter;
import io.pincluster.core.component.StateBackupApi.BackupInfo;
import io.pincluster.core.pin.Pin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state backup file (decision 0014): it holds every part of the replicated state with the header that describes
 * it, and a file damaged anywhere (any byte changed, cut short at any length, extended) is refused as a whole.
 */
class BackupFileTest {
    private static final Instant TAKEN = Instant.parse("2026-12-04T13:00:00Z");
    private static final BackupFile.Origin ORIGIN = new BackupFile.Origin("sha256:0123456789abcdef",
            GoldenSamples.PEER_A.value(), TAKEN);

    @TempDir
    Path dir;

    private static StateCut cut() {
        List<Pin> pins = Stream.of(GoldenSamples.RICH_PIN, GoldenSamples.MINIMAL_PIN, GoldenSamples.EVERYWHERE_PIN)
                .sorted(Comparator.comparing(Pin::cid)).toList();
        return new StateCut(7, 4242, pins, List.of(GoldenSamples.MEMBER, GoldenSamples.REMOVED),
                Instant.parse("2026-12-04T12:59:00Z"), GoldenSamples.SNAPSHOT_REVOCATIONS,
                List.of(GoldenSamples.PSA_RICH, GoldenSamples.PSA_MINIMAL));
    }

    @Test
    void aBackupReadsBackWithEveryRecordAndTheHeaderThatDescribesIt() throws IOException {
        Path file = dir.resolve("state.backup");
        BackupInfo written = BackupFile.write(file, cut(), ORIGIN);

        BackupFile.Contents read = BackupFile.read(file);

        assertThat(read.info()).isEqualTo(written);
        assertThat(written.format()).isEqualTo(1);
        assertThat(written.appliedIndex()).isEqualTo(4242);
        assertThat(written.term()).isEqualTo(7);
        assertThat(written.created()).isEqualTo(TAKEN);
        assertThat(written.clusterFingerprint()).isEqualTo("sha256:0123456789abcdef");
        assertThat(written.takenBy()).isEqualTo(GoldenSamples.PEER_A.value());
        assertThat(List.of(written.pins(), written.peers(), written.revokedTokens())).containsExactly(3L, 2L,
                (long) GoldenSamples.SNAPSHOT_REVOCATIONS.size());
        assertThat(written.bytes()).isEqualTo(Files.size(file));
        assertThat(written.sha256()).hasSize(64);
        assertThat(read.state().pins()).isEqualTo(cut().pins());
        assertThat(read.state().directory()).isEqualTo(cut().directory());
        assertThat(read.state().revocations()).isEqualTo(cut().revocations());
        assertThat(read.state().psaPins()).isEqualTo(cut().psaPins());
        assertThat(written.pinRequests()).isEqualTo(2);
        assertThat(read.state().index()).isEqualTo(4242);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file stays behind").containsExactly(file);
        }
    }

    /** With tenant records (decision 0017) the backup is format 2: its header counts them, its state is format 6. */
    @Test
    void tenantRecordsAreCarriedInFormatTwo() throws IOException {
        Path file = dir.resolve("tenants.backup");
        StateCut base = cut();
        StateCut withTenants = new StateCut(base.term(), base.index(), base.pins(), base.directory(),
                base.decisionTime(), base.revocations(), base.psaPins(), GoldenSamples.SNAPSHOT_TENANTS);

        BackupInfo written = BackupFile.write(file, withTenants, ORIGIN);
        BackupFile.Contents read = BackupFile.read(file);

        assertThat(written.format()).isEqualTo(2);
        assertThat(written.tenants()).isEqualTo(GoldenSamples.SNAPSHOT_TENANTS.size());
        assertThat(read.info()).isEqualTo(written);
        assertThat(read.state().tenants()).isEqualTo(GoldenSamples.SNAPSHOT_TENANTS);
        assertThat(read.state().psaPins()).isEqualTo(base.psaPins());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[4]).as("backup format byte").isEqualTo((byte) 2);
        BackupInfo without = BackupFile.write(dir.resolve("plain.backup"), base, ORIGIN);
        assertThat(without.format()).as("without tenants the previous format").isEqualTo(1);
        assertThat(without.tenants()).isZero();
    }

    /** With archive index entries (decision 0019) the backup is format 3: its header counts them, its state is 7. */
    @Test
    void archiveIndexEntriesAreCarriedInFormatThree() throws IOException {
        Path file = dir.resolve("archives.backup");
        StateCut base = cut();
        StateCut withArchives = new StateCut(base.term(), base.index(), base.pins(), base.directory(),
                base.decisionTime(), base.revocations(), base.psaPins(), GoldenSamples.SNAPSHOT_TENANTS,
                GoldenSamples.SNAPSHOT_ARCHIVES);

        BackupInfo written = BackupFile.write(file, withArchives, ORIGIN);
        BackupFile.Contents read = BackupFile.read(file);

        assertThat(written.format()).isEqualTo(3);
        assertThat(written.archives()).isEqualTo(GoldenSamples.SNAPSHOT_ARCHIVES.size());
        assertThat(written.tenants()).isEqualTo(GoldenSamples.SNAPSHOT_TENANTS.size());
        assertThat(read.info()).isEqualTo(written);
        assertThat(read.state().archives()).isEqualTo(GoldenSamples.SNAPSHOT_ARCHIVES);
        assertThat(read.state().tenants()).isEqualTo(GoldenSamples.SNAPSHOT_TENANTS);
        assertThat(Files.readAllBytes(file)[4]).as("backup format byte").isEqualTo((byte) 3);
        BackupInfo tenantsOnly = BackupFile.write(dir.resolve("tenants.backup"), new StateCut(base.term(),
                base.index(), base.pins(), base.directory(), base.decisionTime(), base.revocations(), base.psaPins(),
                GoldenSamples.SNAPSHOT_TENANTS), ORIGIN);
        assertThat(tenantsOnly.format()).as("without archives the previous format").isEqualTo(2);
        assertThat(tenantsOnly.archives()).isZero();
    }

    @Test
    void anEmptyStateMakesAValidBackup() throws IOException {
        Path file = dir.resolve("empty.backup");
        BackupFile.write(file, new StateCut(1, 3, List.of(), List.of(), null, List.of(), List.of()), ORIGIN);

        assertThat(BackupFile.read(file).state().pins()).isEmpty();
    }

    @Test
    void aChangeToAnyByteIsRefused() throws IOException {
        Path good = dir.resolve("good.backup");
        BackupFile.write(good, cut(), ORIGIN);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.backup");
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x10;
            Files.write(bad, changed);
            int at = i;
            assertThatThrownBy(() -> BackupFile.read(bad)).as("byte %d of %d changed", at, bytes.length)
                    .isInstanceOf(InvalidBackupException.class);
        }
        byte[] flippedInState = bytes.clone();
        flippedInState[bytes.length - 5] ^= 0x01;
        Files.write(bad, flippedInState);
        assertThatThrownBy(() -> BackupFile.read(bad)).hasMessageContaining("corrupt")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void aFileCutShortAnywhereOrExtendedIsRefused() throws IOException {
        Path good = dir.resolve("good.backup");
        BackupFile.write(good, cut(), ORIGIN);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.backup");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(bad, Arrays.copyOf(bytes, length));
            int at = length;
            assertThatThrownBy(() -> BackupFile.read(bad)).as("cut to %d of %d bytes", at, bytes.length)
                    .isInstanceOf(InvalidBackupException.class);
        }
        Files.write(bad, Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> BackupFile.read(bad)).hasMessageContaining("truncated");
        Files.write(bad, Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> BackupFile.read(bad)).hasMessageContaining("after its state");
    }

    @Test
    void aFileThatIsNotABackupOrOfANewerFormatIsRefusedByName() throws IOException {
        Path bad = dir.resolve("bad.backup");
        Files.writeString(bad, "{\"cid\":\"bafy...\"}\n");
        assertThatThrownBy(() -> BackupFile.read(bad)).isInstanceOf(InvalidBackupException.class)
                .hasMessageContaining("not a Pincluster state backup");

        BinaryWriter newer = new BinaryWriter(16).varint(4);
        byte[] magic = {'P', 'C', 'B', 'K'};
        byte[] file = Arrays.copyOf(magic, magic.length + newer.size() + 8);
        System.arraycopy(newer.buffer(), 0, file, magic.length, newer.size());
        Files.write(bad, file);
        assertThatThrownBy(() -> BackupFile.read(bad)).isInstanceOf(InvalidBackupException.class)
                .hasMessageContaining("version 4 is newer than this build reads");
    }
}
