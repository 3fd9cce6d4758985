package io.pincluster.connector.blockstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: a reader (or a restart after {@code kill -9}) sees either no file or the complete
 * file, never a partial one.
 */
final class DurableFiles {
    static final String TEMP_PREFIX = "put-";
    static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Writes {@code data} to a temp file next to {@code target}, fsyncs it, renames it over {@code target} and
     * fsyncs the folder so the rename itself survives a crash.
     */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        fsyncDirectory(dir);
    }

    /** Makes creations, renames and deletions in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Creates {@code dir} (and its parents) and makes its entry in the parent durable. */
    static void createDirectoryDurably(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsyncDirectory(dir.getParent());
        }
    }

    static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    /** Deletes the temp files a crashed writer left in {@code dir}; returns how many. */
    static int deleteStaleTemps(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, DurableFiles::isTemp)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                n++;
            }
        }
        return n;
    }
}
