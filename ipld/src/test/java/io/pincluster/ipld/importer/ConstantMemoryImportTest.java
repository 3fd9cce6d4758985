package io.pincluster.ipld.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Imports 2047 MiB of zeros in a child JVM limited to a 64 MiB heap: if the importer held the file (or
 * one block per leaf) it would die with OutOfMemoryError. The expected CID and DAG size come from the
 * JavaScript reference importer (ipfs-unixfs-importer 17.1.1, profile unixfs-v0-2015, fixed 262144,
 * balanced 174) fed 2047 one-MiB zero buffers. Not 2 GiB: at 2^31 bytes and above that JS version writes
 * a corrupt root filesize (zero bytes instead of the varint), so it cannot serve as a reference there;
 * sizes past 2^32 are checked in UnixFsReaderTest.
 */
class ConstantMemoryImportTest {
    private static final long LENGTH = 2047L << 20;

    @Test
    void aTwoGibibyteImportRunsInA64MiBHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LargeImportMain.class.getName(),
                Long.toString(LENGTH), "zeros"))
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).isEqualTo(EXPECTED);
        } finally {
            p.destroyForcibly();
        }
    }

    private static final String EXPECTED = "QmSGE3zZ6GUWU798poo2oLmUQgok8Xkgk5rAHULv6UuzDJ 2146945618";
}
