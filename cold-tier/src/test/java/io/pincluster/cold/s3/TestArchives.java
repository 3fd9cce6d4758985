package io.pincluster.cold.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Spooled "archives" for the tests: reproducible pseudo-random bytes (incompressible, no repeating parts). */
final class TestArchives {
    private TestArchives() {
    }

    /** Writes {@code size} bytes from {@code seed} to {@code file}; returns their hex SHA-256. */
    static String write(Path file, long size, long seed) throws IOException {
        var sha256 = SliceDigest.newDigest("SHA-256");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(SliceDigest.newDigest("SHA-256").digest(bytes));
    }
}
