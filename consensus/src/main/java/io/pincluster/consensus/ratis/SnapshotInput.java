package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.BinaryReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * The snapshot's bytes as the snapshot reader asks for them: varints, fixed runs and length-prefixed records.
 *
 * <p>A record comes back as a {@link BinaryReader} over this input's own buffer, valid until the next call, instead of
 * a fresh array per record: ten million pins were ten million arrays and three locked stream calls each
 * ({@code BufferedInputStream} synchronizes every call). Records are decoded into new objects before the next one is
 * read, so nothing keeps the buffer.
 *
 * <p>{@linkplain #readingAhead Reading ahead} fills the buffer as far as the stream gives; {@linkplain #exact exact}
 * input never takes a byte from the stream that it was not asked for, for a snapshot embedded in a longer stream (a
 * backup) whose next section the caller reads after it.
 */
final class SnapshotInput {
    private static final int BUFFER = 1 << 20;

    private final InputStream in;
    private final boolean exact;
    private byte[] buf;
    private int pos;
    private int limit;
    private final InputStream bytes = new InputStream() {
        @Override
        public int read() throws IOException {
            return SnapshotInput.this.read();
        }
    };

    private SnapshotInput(InputStream in, boolean exact, int capacity) {
        this.in = in;
        this.exact = exact;
        this.buf = new byte[capacity];
    }

    /** Buffers as much of {@code in} as it gives, up to 1 MiB at a time. */
    static SnapshotInput readingAhead(InputStream in) {
        return new SnapshotInput(in, false, BUFFER);
    }

    /** Takes from {@code in} only the bytes asked for. */
    static SnapshotInput exact(InputStream in) {
        return new SnapshotInput(in, true, 256);
    }

    /** This input's bytes as a stream, for readers written against one (no lock per byte, unlike a buffered one). */
    InputStream asStream() {
        return bytes;
    }

    /** The next byte, or -1 at the end of the input. */
    int read() throws IOException {
        if (pos == limit && !fill(1)) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    /** The next {@code n} bytes, fewer only at the end of the input. */
    byte[] readNBytes(int n) throws IOException {
        fill(n);
        int got = Math.min(n, limit - pos);
        byte[] out = new byte[got];
        System.arraycopy(buf, pos, out, 0, got);
        pos += got;
        return out;
    }

    /**
     * The next {@code length} bytes as a reader over this input's buffer (valid until the next call).
     *
     * @param what names the record in an error; called only then
     */
    BinaryReader record(int length, Object file, Supplier<String> what) throws IOException {
        if (!fill(length)) {
            throw new EOFException(file + ": truncated in " + what.get());
        }
        BinaryReader r = new BinaryReader(buf, pos, length);
        pos += length;
        return r;
    }

    /**
     * Makes at least {@code n} bytes readable from {@code pos}, moving what is left to the front of the buffer (or
     * into a larger one) first when they would not fit; false if the input ends before.
     */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (buf.length - pos < n) {
            byte[] into = n > buf.length ? new byte[Math.max(n, buf.length)] : buf;
            System.arraycopy(buf, pos, into, 0, limit - pos);
            buf = into;
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < n) {
            int want = exact ? n - (limit - pos) : buf.length - limit;
            int got = in.read(buf, limit, want);
            if (got < 0) {
                return false;
            }
            limit += got;
        }
        return true;
    }
}
