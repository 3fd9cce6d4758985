package io.pincluster.connector.blockstore;

import io.pincluster.core.block.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether the store can take writes now, for readiness checks. A failed block write or pin record marks it not
 * writable; it is writable again after a write succeeds, or, when nothing tries to write, once the cause is gone:
 * the store's own limit has room for the block that did not fit, or a small probe file can be written and synced
 * (tried at most once per {@link #PROBE_EVERY_NANOS}), so a peer reports ready again when space returns even if no
 * pin is waiting.
 */
final class WriteHealth {
    static final long PROBE_EVERY_NANOS = 1_000_000_000L;
    private static final int PROBE_BYTES = 4096;

    private final Path probeDir;
    private final LongSupplier room;
    private final LongSupplier nanoTime;
    private volatile IOException blockFailure;
    private volatile long blockBytes;
    private long probedAt; // guarded by this
    private boolean probeOk; // guarded by this

    /** @param room bytes the store's own limit still allows */
    WriteHealth(Path probeDir, LongSupplier room, LongSupplier nanoTime) {
        this.probeDir = probeDir;
        this.room = room;
        this.nanoTime = nanoTime;
    }

    void blockWritten() {
        blockFailure = null;
    }

    void blockFailed(IOException e, long bytes) {
        blockBytes = bytes;
        blockFailure = e;
    }

    /**
     * Why the store cannot take writes now, or empty when it can.
     *
     * @param journalFailure the pin journal's last write failure, or null
     */
    Optional<String> problem(IOException journalFailure) {
        IOException block = blockFailure;
        if (block instanceof StorageFullException && room.getAsLong() >= blockBytes) {
            blockFailure = null; // blocks were deleted since: a block of that size fits again
            block = null;
        }
        if (block == null && journalFailure == null) {
            return Optional.empty();
        }
        if (block instanceof StorageFullException full) {
            return Optional.of("the block store is full: " + full.getMessage());
        }
        if (probe()) {
            blockFailure = null;
            return Optional.empty();
        }
        IOException shown = journalFailure != null ? journalFailure : block;
        return Optional.of("the block store cannot write to " + probeDir + ": " + shown.getMessage());
    }

    private synchronized boolean probe() {
        long now = nanoTime.getAsLong();
        if (probedAt != 0 && now - probedAt < PROBE_EVERY_NANOS) {
            return probeOk;
        }
        probedAt = now;
        probeOk = tryWrite();
        return probeOk;
    }

    private boolean tryWrite() {
        Path temp = null;
        try {
            temp = Files.createTempFile(probeDir, DurableFiles.TEMP_PREFIX, DurableFiles.TEMP_SUFFIX);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(PROBE_BYTES);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file is removed at the next open
                }
            }
        }
    }
}
