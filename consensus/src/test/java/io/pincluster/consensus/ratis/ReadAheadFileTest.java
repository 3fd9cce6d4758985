package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadFileTest {
    @TempDir
    Path dir;

    private static Thread readAheadThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("snapshot-read-ahead")).findFirst().orElse(null);
    }

    @Test
    void readsTheWholeFileInOrderAndItsDigestIsTheFilesMd5() throws Exception {
        byte[] content = new byte[(5 << 20) + 12345]; // several chunks and a partial one
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        byte[] read;
        byte[] digest;
        try (ReadAheadFile in = new ReadAheadFile(file, MessageDigest.getInstance("MD5"))) {
            assertThatThrownBy(in::digest).isInstanceOf(IllegalStateException.class);
            byte[] first = new byte[100];
            assertThat(in.read(first, 0, 100)).isEqualTo(100);
            byte[] next = in.readAllBytes();
            read = new byte[first.length + next.length];
            System.arraycopy(first, 0, read, 0, 100);
            System.arraycopy(next, 0, read, 100, next.length);
            assertThat(in.read()).isEqualTo(-1);
            digest = in.digest();
        }
        assertThat(read).isEqualTo(content);
        assertThat(digest).isEqualTo(MessageDigest.getInstance("MD5").digest(content));
    }

    @Test
    void anEmptyFileEndsAtOnce() throws Exception {
        Path file = Files.write(dir.resolve("empty"), new byte[0]);
        try (ReadAheadFile in = new ReadAheadFile(file, MessageDigest.getInstance("MD5"))) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.digest()).isEqualTo(MessageDigest.getInstance("MD5").digest(new byte[0]));
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReadingThread() throws Exception {
        byte[] content = new byte[12 << 20];
        Path file = Files.write(dir.resolve("big"), content);
        ReadAheadFile in = new ReadAheadFile(file, MessageDigest.getInstance("MD5"));
        assertThat(in.read()).isEqualTo(0);
        in.close();
        assertThat(readAheadThread()).isNull();
    }

    @Test
    void aMissingFileFailsAtOnce() {
        assertThatThrownBy(() -> new ReadAheadFile(dir.resolve("none"), MessageDigest.getInstance("MD5")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
