package io.pincluster.cold.piece;

import io.pincluster.core.cid.Multihash;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How fast CommP runs next to plain SHA-256 on this machine, per wall-clock second and per second of this thread's
 * CPU time (the figure that stays meaningful on a shared, loaded machine); a measurement, not a check, so it runs
 * only when asked:
 * {@code mvn -o -q -pl cold-tier -am test -Dtest=PieceHasherThroughputTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpc.bench=true} (results in the surefire report's output file).
 */
@EnabledIfSystemProperty(named = "pc.bench", matches = "true")
class PieceHasherThroughputTest {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 512;

    @Test
    void measure() {
        byte[] chunk = new byte[CHUNK];
        new Random(1).nextBytes(chunk);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            PieceHasher hasher = new PieceHasher();
            for (int i = 0; i < CHUNKS; i++) {
                hasher.update(chunk);
            }
            hasher.finish();
            double commp = mbPerSecond(System.nanoTime() - start);
            double commpCpu = mbPerSecond(threads.getCurrentThreadCpuTime() - cpu);

            start = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime();
            MessageDigest sha = Multihash.newSha256();
            for (int i = 0; i < CHUNKS; i++) {
                sha.update(chunk);
            }
            sha.digest();
            double sha256 = mbPerSecond(System.nanoTime() - start);
            double sha256Cpu = mbPerSecond(threads.getCurrentThreadCpuTime() - cpu);
            System.out.printf("round %d over %d MiB: CommP %.1f MB/s (%.1f per CPU second), "
                    + "SHA-256 %.1f MB/s (%.1f per CPU second)%n", round, CHUNKS, commp, commpCpu, sha256, sha256Cpu);
        }
    }

    private static double mbPerSecond(long nanos) {
        return (double) CHUNK * CHUNKS / 1e6 / (nanos / 1e9);
    }
}
