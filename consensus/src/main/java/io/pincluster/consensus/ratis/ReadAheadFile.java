package io.pincluster.consensus.ratis;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A file read by a second thread, which also feeds every byte to a digest, a few chunks ahead of the reader.
 *
 * <p>Why: a restarted peer reads its pinset snapshot (600 MB at ten million pins) before it can answer, and the MD5
 * that proves the file whole took ~1.1 s of that on this machine's one core, next to the ~4 s of decoding. On its own
 * thread it overlaps the decoding instead of adding to it.
 *
 * <p>Not thread-safe for the reader's side: one thread reads (and closes). {@link #digest()} is the digest of the
 * whole file once {@link #read} has returned -1; the chunk queue orders the read thread's updates before it.
 */
final class ReadAheadFile extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS_AHEAD = 4;
    /** Put in the queue after the last chunk (or after a failure, with {@code failure} set). */
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int length) {
    }

    private final FileChannel channel;
    private final MessageDigest digest;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile IOException failure;
    private Chunk current;
    private int offset;
    private boolean ended;

    ReadAheadFile(Path file, MessageDigest digest) throws IOException {
        this.channel = FileChannel.open(file);
        this.digest = digest;
        for (int i = 0; i < CHUNKS_AHEAD; i++) {
            free.add(new byte[CHUNK]);
        }
        this.reader = new Thread(this::readAll, "snapshot-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        try {
            while (true) {
                byte[] chunk = free.take();
                ByteBuffer into = ByteBuffer.wrap(chunk);
                int n = 0;
                while (into.hasRemaining() && (n = channel.read(into)) >= 0) {
                    // a short read is not the end: read until the chunk is full or the file ends
                }
                int length = into.position();
                if (length > 0) {
                    digest.update(chunk, 0, length);
                    full.put(new Chunk(chunk, length));
                }
                if (n < 0) {
                    full.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader before the end; nobody waits for more
        } catch (IOException e) {
            failure = e;
            full.offer(END);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || offset == current.length()) {
            if (!next()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - offset);
        System.arraycopy(current.bytes(), offset, b, off, n);
        offset += n;
        return n;
    }

    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (current != null) {
            free.add(current.bytes());
            current = null;
        }
        try {
            Chunk c = full.take();
            if (c == END) {
                ended = true;
                if (failure != null) {
                    throw new IOException("reading ahead failed: " + failure.getMessage(), failure);
                }
                return false;
            }
            current = c;
            offset = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the snapshot");
        }
    }

    /** The digest of the whole file; only after {@link #read} returned -1. */
    byte[] digest() {
        if (!ended) {
            throw new IllegalStateException("the file was not read to its end");
        }
        return digest.digest();
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }
}
