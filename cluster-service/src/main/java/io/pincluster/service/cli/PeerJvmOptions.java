package io.pincluster.service.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JVM options {@code pincluster up} starts each peer with: a heap sized from the machine's memory and the number
 * of peers, and a collector chosen by cores and heap. A fixed small heap made a newcomer's cluster slower than the
 * same build run by an operator (a 256 MB serial-collected peer spends its time collecting once it holds a few
 * hundred thousand pins); sized from the machine, the numbers seen on a laptop are the numbers an operator gets.
 * {@code PINCLUSTER_PEER_JAVA_OPTS} replaces the choice entirely.
 *
 * @param heapMiB   the heap of each peer, in MiB ({@code -Xms} and {@code -Xmx})
 * @param collector the garbage collector option
 * @param hugePages whether the heap asks for transparent huge pages ({@link #TRANSPARENT_HUGE_PAGES})
 * @param refinementInPauses whether G1's remembered-set refinement runs in its pauses ({@link #REFINEMENT_IN_PAUSES})
 * @param reason    why, in words, for {@code up}'s output
 */
record PeerJvmOptions(long heapMiB, String collector, boolean hugePages, boolean refinementInPauses, String reason) {
    /**
     * Share of physical memory given to the peers' heaps together. The rest is for what a peer needs beside its
     * heap (metaspace, code cache, thread stacks, Netty's direct buffers: a few hundred MB each), the {@code up}
     * process itself, and the operating system's page cache, which the block store and the Raft log read through.
     */
    static final double HEAP_SHARE_OF_MEMORY = 0.5;
    /** Below this a peer cannot hold a useful pinset; small machines get it even when that over-commits memory. */
    static final long MIN_HEAP_MIB = 256;
    /** 10M pins need about 2.8 GB; beyond 4 GiB pauses grow and a local test cluster gains nothing. */
    static final long MAX_HEAP_MIB = 4096;
    /** From here G1: its pauses stay short as the heap grows (a pause longer than the election timeout costs a leader). */
    static final long G1_FROM_HEAP_MIB = 1024;
    static final String G1 = "-XX:+UseG1GC";
    static final String PARALLEL = "-XX:+UseParallelGC";
    static final String SERIAL = "-XX:+UseSerialGC";
    /**
     * For G1 heaps, when the kernel offers transparent huge pages (mode {@code always} or {@code madvise}): 2 MiB pages
     * for the heap, so loading a large pinset faults and misses the TLB far less. A 10-million-pin restart spends half
     * its time collecting (everything loaded survives and is copied); with huge pages 12.9-15.6 s to an answering
     * API against 15.1-16.1 s without (six runs each, interleaved, same saved peer), the collector's pauses 3.6-4.4 s
     * against 5.0-5.4 s.
     */
    static final String TRANSPARENT_HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /**
     * For G1 heaps on Java 17-19: the remembered sets are brought up to date in the collection pauses, not by
     * concurrent refinement threads (the setting the G1 tuning guide gives for throughput). A peer's pinset lives in
     * the old generation, and every pin applied stores references to new objects into its sorted leaves: with
     * concurrent refinement, G1's refinement threads took ~19% of three peers' CPU under the batch route (~950 of
     * ~5,000 ten-millisecond ticks in 20 s), and each dirty card was scanned twice, once by them and once in the
     * pause. In the pause it is scanned once: batch route (16 clients x 1,000 absent CIDs, three peers on two cores)
     * 18,901, 21,387 and 19,701 pins/s against 17,651, 16,036 and 17,497 without, the pauses no longer (p50 of young
     * pauses 217-676 ms against 220-815 ms on this saturated machine); one pin per request and a 10-million-pin
     * restart unchanged within their noise. Java 20 replaced the refinement controller and removed these flags.
     */
    static final String REFINEMENT_IN_PAUSES =
            "-XX:-G1UseAdaptiveConcRefinement -XX:G1ConcRefinementGreenZone=2G -XX:G1ConcRefinementThreads=0";
    /**
     * For every collector: the metaspace may grow to 128 MiB before it triggers a collection. A peer loads ~70 MB of
     * classes (Ratis, gRPC, Netty, Armeria, the AWS SDK), and with the default first threshold (~21 MB) each peer of a
     * new {@code up --peers 3} ran three G1 young pauses with a concurrent mark cycle each in its first 15 s, while its
     * heap was nearly empty. With 128 clients pinning from the start (two runs each, first 80 s): 14-16 pauses and
     * 2.2-2.7 s of concurrent marking per peer without the flag, 4-6 pauses and no marking with it; the pauses' total
     * (~0.7-1.4 s) and the minute's pins/s (661, 674 against 624, 689) the same within their noise. The serial
     * collector ran a full collection each time (0.1-1.9 s with two clusters sharing the cores). Not a cap: the
     * metaspace still grows beyond it.
     */
    static final String METASPACE = "-XX:MetaspaceSize=128m";
    /**
     * For every peer: a peer out of heap exits at once, as the systemd unit, the container image and the Kubernetes
     * manifest have it, so {@code up} reports it (with the end of its log) and the documented restart brings it back,
     * instead of a peer that limps on with threads that died mid-task (its Raft server among them).
     */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
    /** The last Java feature release that knows the flags of {@link #REFINEMENT_IN_PAUSES}. */
    static final int LAST_JAVA_WITH_REFINEMENT_ZONES = 19;
    /** Where Linux says whether transparent huge pages are offered: the mode in use is in brackets. */
    static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** What {@code up} used before sizing, and still uses when the machine's memory cannot be read. */
    static final PeerJvmOptions FALLBACK = new PeerJvmOptions(256, SERIAL, false, false,
            "the machine's memory is unknown");

    private static final long MIB = 1L << 20;
    private static final long ROUND_MIB = 64;

    /**
     * The options for one of {@code peers} peers on a machine with {@code physicalBytes} of memory and {@code cores}
     * processors: {@link #HEAP_SHARE_OF_MEMORY} of the memory divided among the peers, rounded down to 64 MiB and
     * kept within {@link #MIN_HEAP_MIB}..{@link #MAX_HEAP_MIB}; the serial collector on one core (parallel GC
     * threads would only compete with the peer), G1 from {@link #G1_FROM_HEAP_MIB} of heap, the parallel collector
     * below it; transparent huge pages for a G1 heap when {@code hugePagesOffered}; refinement in the pauses for a
     * G1 heap when the peers run on Java {@value #LAST_JAVA_WITH_REFINEMENT_ZONES} or older ({@code javaFeature}, the
     * feature release of the {@code java} that runs them).
     */
    static PeerJvmOptions size(long physicalBytes, int cores, int peers, boolean hugePagesOffered, int javaFeature) {
        if (peers < 1) {
            throw new IllegalArgumentException("peers must be at least 1, not " + peers);
        }
        if (physicalBytes <= 0 || cores < 1) {
            return FALLBACK;
        }
        long share = (long) (physicalBytes * HEAP_SHARE_OF_MEMORY) / MIB / peers;
        long heap = Math.max(MIN_HEAP_MIB, Math.min(MAX_HEAP_MIB, share / ROUND_MIB * ROUND_MIB));
        String collector = cores == 1 ? SERIAL : heap >= G1_FROM_HEAP_MIB ? G1 : PARALLEL;
        String reason = String.format(Locale.ROOT, "sized for %d peers on %s of memory and %d %s",
                peers, gib(physicalBytes), cores, cores == 1 ? "core" : "cores");
        boolean g1 = collector.equals(G1);
        return new PeerJvmOptions(heap, collector, hugePagesOffered && g1,
                g1 && javaFeature <= LAST_JAVA_WITH_REFINEMENT_ZONES, reason);
    }

    /** {@link #size(long, int, int, boolean, int)} for peers on this JVM's release ({@code up} starts its own java). */
    static PeerJvmOptions size(long physicalBytes, int cores, int peers, boolean hugePagesOffered) {
        return size(physicalBytes, cores, peers, hugePagesOffered, Runtime.version().feature());
    }

    /** {@link #size} for this machine (a container's limits when it runs in one: the JVM reports those). */
    static PeerJvmOptions forThisMachine(int peers) {
        long physical = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return size(physical, Runtime.getRuntime().availableProcessors(), peers, hugePagesOffered(THP_MODE));
    }

    /** True when {@code modeFile} (see {@link #THP_MODE}) says {@code [always]} or {@code [madvise]}. */
    static boolean hugePagesOffered(Path modeFile) {
        try {
            String mode = Files.readString(modeFile);
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or no such kernel feature
        }
    }

    /**
     * The options as given to {@code java}: the whole heap from the start ({@code -Xms} = {@code -Xmx}, as servers
     * are usually run). The heap is budgeted to the peer anyway ({@link #HEAP_SHARE_OF_MEMORY}); growing into it in
     * steps made a restart that loads a large pinset collect in small steps too: 10 million pins, 25.7-26.9 s to an
     * answering API with the default initial heap, 19.4-23.6 s with the whole heap (three runs each).
     */
    String javaOpts() {
        String opts = "-Xms" + heapMiB + "m -Xmx" + heapMiB + "m " + collector + " " + METASPACE + " " + EXIT_ON_OOM;
        opts = hugePages ? opts + " " + TRANSPARENT_HUGE_PAGES : opts;
        return refinementInPauses ? opts + " " + REFINEMENT_IN_PAUSES : opts;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
