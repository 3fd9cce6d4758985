package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload journal's format (version 1, golden bytes) and how it reads what a crash can leave. */
class UploadJournalTest {
    private static final UploadJournal.Header HEADER = new UploadJournal.Header("cold-archives",
            "archives/bafy one.car", 12_582_912, "a".repeat(64), 5_242_880);
    private static final String UPLOAD_ID = "VXBsb2Fk.abc/def+==";
    private static final UploadJournal.Part PART_1 = new UploadJournal.Part(1, 5_242_880,
            "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", "b".repeat(64));
    private static final UploadJournal.Part PART_2 = new UploadJournal.Part(2, 5_242_880,
            "fedcba9876543210fedcba9876543210", "fedcba9876543210fedcba9876543210", "c".repeat(64));

    @TempDir
    Path dir;

    @Test
    void writesVersion1ByteForByte() throws IOException {
        Path path = dir.resolve("a.car.upload-journal");
        UploadJournal journal = UploadJournal.start(path, HEADER, UPLOAD_ID, List.of(PART_1));
        journal.append(PART_2);

        assertThat(Files.readString(path)).isEqualTo(golden());
    }

    @Test
    void readsTheVersion1Fixture() throws IOException {
        Path path = dir.resolve("golden.upload-journal");
        Files.writeString(path, golden());

        UploadJournal.State state = UploadJournal.read(path).orElseThrow();

        assertThat(state.header()).isEqualTo(HEADER);
        assertThat(state.uploadId()).isEqualTo(UPLOAD_ID);
        assertThat(state.parts()).containsExactly(PART_1, PART_2);
    }

    @Test
    void noJournalReadsAsEmpty() throws IOException {
        assertThat(UploadJournal.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void aTornLastLineIsDropped() throws IOException {
        Path path = dir.resolve("torn");
        UploadJournal.start(path, HEADER, UPLOAD_ID, List.of(PART_1));
        Files.writeString(path, "part 2 5242880 fedcba98", StandardOpenOption.APPEND);

        assertThat(UploadJournal.read(path).orElseThrow().parts()).containsExactly(PART_1);
    }

    @Test
    void aDamagedLastLineIsDroppedButADamagedEarlierLineMakesItUnreadable() throws IOException {
        Path path = dir.resolve("damaged");
        UploadJournal.start(path, HEADER, UPLOAD_ID, List.of(PART_1, PART_2));
        List<String> lines = Files.readAllLines(path);

        lines.set(4, lines.get(4).replace("part 2", "part 3"));
        Files.write(path, lines);
        assertThat(UploadJournal.read(path).orElseThrow().parts()).containsExactly(PART_1);

        lines.set(3, lines.get(3).replace("part 1", "part 7"));
        Files.write(path, lines);
        assertThatThrownBy(() -> UploadJournal.read(path))
                .isInstanceOf(UploadJournal.UnreadableJournalException.class).hasMessageContaining("line 4");
    }

    @Test
    void aLaterVersionIsUnreadableWithAClearReason() throws IOException {
        Path path = dir.resolve("v2");
        String v2 = golden().replace("pincluster-s3-upload-journal 1 10206d52",
                line("pincluster-s3-upload-journal 2"));
        Files.writeString(path, v2);

        assertThatThrownBy(() -> UploadJournal.read(path))
                .isInstanceOf(UploadJournal.UnreadableJournalException.class)
                .hasMessageContaining("version 2, this reader knows 1");
    }

    @Test
    void aPartSentAgainKeepsItsLastRecord() throws IOException {
        Path path = dir.resolve("again");
        UploadJournal journal = UploadJournal.start(path, HEADER, UPLOAD_ID, List.of(PART_1));
        UploadJournal.Part again = new UploadJournal.Part(1, 5_242_880, "99999999999999999999999999999999",
                "99999999999999999999999999999999", "d".repeat(64));
        journal.append(again);

        assertThat(UploadJournal.read(path).orElseThrow().parts()).containsExactly(again);
    }

    @Test
    void keysWithAnyCharactersRoundTrip() throws IOException {
        Path path = dir.resolve("odd");
        UploadJournal.Header odd = new UploadJournal.Header("b-1", "a key\nwith %20 spaces, ü and +", 1, "e", 5);
        UploadJournal.start(path, odd, "id with space", List.of());

        UploadJournal.State state = UploadJournal.read(path).orElseThrow();
        assertThat(state.header()).isEqualTo(odd);
        assertThat(state.uploadId()).isEqualTo("id with space");
        assertThat(Files.readAllLines(path)).hasSize(3);
    }

    @Test
    void deleteRemovesIt() throws IOException {
        Path path = UploadJournal.beside(dir.resolve("x.car"));
        assertThat(path.getFileName()).hasToString("x.car.upload-journal");
        UploadJournal.start(path, HEADER, UPLOAD_ID, List.of()).delete();
        assertThat(path).doesNotExist();
    }

    private static String golden() throws IOException {
        try (InputStream in = UploadJournalTest.class.getResourceAsStream("upload-journal-v1.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String line(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return body + " " + String.format("%08x", crc.getValue());
    }
}
