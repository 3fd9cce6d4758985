package io.pincluster.cold.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A request body that is bytes {@code offset .. offset+length-1} of a local file, re-readable from the start for
 * each attempt of a retried request (and for the SDK's checksum pass, when one is on).
 *
 * <p>Each {@link #newStream()} closes the stream handed out before, and {@link #close()} the last one, so retries
 * never leak file handles.
 */
final class FileSliceBody implements ContentStreamProvider, AutoCloseable {
    private final Path file;
    private final long offset;
    private final long length;
    private InputStream current;

    FileSliceBody(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    RequestBody requestBody() {
        return RequestBody.fromContentProvider(this, length, "application/octet-stream");
    }

    @Override
    public synchronized InputStream newStream() {
        closeCurrent();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            current = new Bounded(Channels.newInputStream(channel), length);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for upload", e);
        }
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // A read-only handle: nothing is lost by a failed close.
            }
            current = null;
        }
    }

    /** Ends after {@code remaining} bytes, whatever follows in the file. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
