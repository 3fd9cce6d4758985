package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.consensus.codec.BinaryReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotInputTest {
    /** Gives at most a few bytes per read, as a socket or a pipe may. */
    private static InputStream trickling(byte[] bytes) {
        Random random = new Random(7);
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] rest(BinaryReader r) {
        int start = r.position();
        while (!r.atEnd()) {
            r.u8();
        }
        return r.readSince(start);
    }

    @Test
    void recordsComeBackWholeAcrossBufferRefillsAndLargerThanTheBuffer() throws IOException {
        int[] sizes = {1, 1000, (1 << 20) - 3, 17, 3 << 20, 5};
        byte[][] records = new byte[sizes.length][];
        int total = 0;
        for (int i = 0; i < sizes.length; i++) {
            records[i] = pattern(sizes[i], i);
            total += sizes[i];
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, all, at, r.length);
            at += r.length;
        }
        for (InputStream source : new InputStream[] {new ByteArrayInputStream(all), trickling(all)}) {
            SnapshotInput in = SnapshotInput.readingAhead(source);
            for (byte[] expected : records) {
                assertThat(rest(in.record(expected.length, "f", () -> "r"))).isEqualTo(expected);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void exactInputLeavesTheBytesAfterWhatItWasAskedForInTheStream() throws IOException {
        byte[] all = pattern(600, 1);
        ByteArrayInputStream source = new ByteArrayInputStream(all);
        SnapshotInput in = SnapshotInput.exact(source);
        assertThat(in.read()).isEqualTo(all[0] & 0xFF);
        assertThat(in.readNBytes(3)).isEqualTo(Arrays.copyOfRange(all, 1, 4));
        assertThat(rest(in.record(300, "f", () -> "r"))).isEqualTo(Arrays.copyOfRange(all, 4, 304));
        assertThat(source.available()).isEqualTo(600 - 304);
        assertThat(source.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 304, 600));
    }

    @Test
    void aRecordCutShortNamesItselfAndShortReadsStopAtTheEnd() throws IOException {
        SnapshotInput in = SnapshotInput.readingAhead(new ByteArrayInputStream(pattern(10, 2)));
        assertThat(in.readNBytes(4)).hasSize(4);
        assertThatThrownBy(() -> in.record(7, "snap", () -> "pin record 3 of 9"))
                .isInstanceOf(EOFException.class).hasMessage("snap: truncated in pin record 3 of 9");
        assertThat(in.readNBytes(100)).hasSize(6);
        assertThat(in.read()).isEqualTo(-1);
    }
}
