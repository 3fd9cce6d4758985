package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerJvmOptionsTest {
    private static final long GIB = 1L << 30;

    @Test
    void halfTheMemoryIsSharedAmongThePeersInSteps() {
        PeerJvmOptions o = PeerJvmOptions.size(8 * GIB, 4, 3, false, 21);
        assertThat(o.heapMiB()).as("4 GiB / 3 = 1365 MiB, rounded down to 64 MiB").isEqualTo(1344);
        assertThat(o.collector()).isEqualTo(PeerJvmOptions.G1);
        assertThat(o.javaOpts()).isEqualTo("-Xms1344m -Xmx1344m -XX:+UseG1GC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
        assertThat(o.reason()).isEqualTo("sized for 3 peers on 8.0 GiB of memory and 4 cores");
        assertThat(PeerJvmOptions.size(8 * GIB, 4, 1, false).heapMiB()).isEqualTo(4096);
        assertThat(PeerJvmOptions.size(8 * GIB, 4, 6, false).heapMiB()).isEqualTo(640);
    }

    @Test
    void theHeapStaysWithinItsBounds() {
        assertThat(PeerJvmOptions.size(64 * GIB, 16, 3, false).heapMiB()).as("capped").isEqualTo(PeerJvmOptions.MAX_HEAP_MIB);
        assertThat(PeerJvmOptions.size(GIB, 2, 9, false).heapMiB()).as("a floor even on a small machine")
                .isEqualTo(PeerJvmOptions.MIN_HEAP_MIB);
    }

    @Test
    void theCollectorFollowsCoresAndHeap() {
        assertThat(PeerJvmOptions.size(24 * GIB, 2, 3, false).collector()).as("4 GiB on 2 cores").isEqualTo(PeerJvmOptions.G1);
        assertThat(PeerJvmOptions.size(4 * GIB, 2, 3, false).collector()).as("640 MiB on 2 cores")
                .isEqualTo(PeerJvmOptions.PARALLEL);
        assertThat(PeerJvmOptions.size(24 * GIB, 1, 3, false).collector()).as("one core: no parallel GC threads")
                .isEqualTo(PeerJvmOptions.SERIAL);
        assertThat(PeerJvmOptions.size(2 * GIB, 2, 1, false).collector()).as("exactly the G1 threshold: 1024 MiB")
                .isEqualTo(PeerJvmOptions.G1);
        assertThat(PeerJvmOptions.size(2 * GIB - 64 * (1L << 20), 2, 1, false).collector()).as("just below it: 960 MiB")
                .isEqualTo(PeerJvmOptions.PARALLEL);
    }

    @Test
    void aG1HeapAsksForHugePagesWhenTheKernelOffersThem(@TempDir Path dir) throws IOException {
        assertThat(PeerJvmOptions.size(24 * GIB, 2, 3, true, 21).javaOpts())
                .isEqualTo("-Xms4096m -Xmx4096m -XX:+UseG1GC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:+UseTransparentHugePages");
        assertThat(PeerJvmOptions.size(4 * GIB, 2, 3, true).javaOpts()).as("a small parallel-collected heap: no")
                .isEqualTo("-Xms640m -Xmx640m -XX:+UseParallelGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
        Path mode = dir.resolve("enabled");
        Files.writeString(mode, "always [madvise] never\n");
        assertThat(PeerJvmOptions.hugePagesOffered(mode)).isTrue();
        Files.writeString(mode, "[always] madvise never\n");
        assertThat(PeerJvmOptions.hugePagesOffered(mode)).isTrue();
        Files.writeString(mode, "always madvise [never]\n");
        assertThat(PeerJvmOptions.hugePagesOffered(mode)).isFalse();
        assertThat(PeerJvmOptions.hugePagesOffered(dir.resolve("missing"))).as("not Linux").isFalse();
    }

    @Test
    void aG1HeapOnJava17To19RefinesItsRememberedSetsInThePauses() {
        assertThat(PeerJvmOptions.size(24 * GIB, 2, 3, true, 17).javaOpts())
                .isEqualTo("-Xms4096m -Xmx4096m -XX:+UseG1GC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:+UseTransparentHugePages"
                        + " -XX:-G1UseAdaptiveConcRefinement -XX:G1ConcRefinementGreenZone=2G"
                        + " -XX:G1ConcRefinementThreads=0");
        assertThat(PeerJvmOptions.size(24 * GIB, 2, 3, false, 19).refinementInPauses()).as("19 still has the flags")
                .isTrue();
        assertThat(PeerJvmOptions.size(24 * GIB, 2, 3, false, 20).javaOpts()).as("20 removed them")
                .isEqualTo("-Xms4096m -Xmx4096m -XX:+UseG1GC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
        assertThat(PeerJvmOptions.size(4 * GIB, 2, 3, false, 17).javaOpts()).as("the parallel collector: not G1's")
                .isEqualTo("-Xms640m -Xmx640m -XX:+UseParallelGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
        assertThat(PeerJvmOptions.size(24 * GIB, 1, 3, false, 17).javaOpts()).as("nor the serial one")
                .isEqualTo("-Xms4096m -Xmx4096m -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void unknownMemoryKeepsTheOldSmallDefaultAndNonsenseIsRefused() {
        assertThat(PeerJvmOptions.size(0, 2, 3, false)).isEqualTo(PeerJvmOptions.FALLBACK);
        assertThat(PeerJvmOptions.FALLBACK.javaOpts())
                .isEqualTo("-Xms256m -Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError");
        assertThatThrownBy(() -> PeerJvmOptions.size(8 * GIB, 2, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisMachineGetsOptionsWithinTheBounds() {
        PeerJvmOptions here = PeerJvmOptions.forThisMachine(3);
        assertThat(here.heapMiB()).isBetween(PeerJvmOptions.MIN_HEAP_MIB, PeerJvmOptions.MAX_HEAP_MIB);
        assertThat(here.javaOpts()).startsWith("-Xms" + here.heapMiB() + "m -Xmx" + here.heapMiB() + "m -XX:+Use");
        assertThat(here.javaOpts()).contains(PeerJvmOptions.METASPACE);
        assertThat(here.javaOpts().contains(PeerJvmOptions.TRANSPARENT_HUGE_PAGES)).isEqualTo(here.hugePages());
        assertThat(here.javaOpts().contains(PeerJvmOptions.REFINEMENT_IN_PAUSES)).isEqualTo(here.refinementInPauses());
    }
}
