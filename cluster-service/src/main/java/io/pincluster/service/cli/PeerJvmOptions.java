package io.pincluster.service.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The JVM options {@code pincluster up} starts each peer with: a heap sized from the machine's memory and the number
 * of peers, and a collector chosen by cores and heap. A fixed small heap made a newcomer's cluster slower than the
 * same build run by an operator (a 256 MB serial-collected peer spends its time collecting once it holds a few
 * hundred thousand pins); sized from the machine, the numbers seen on a laptop are the numbers an operator gets.
 * {@code PINCLUSTER_PEER_JAVA_OPTS} replaces the choice entirely.
 *
 * @param heapMiB  the heap of each peer, in MiB ({@code -Xms} and {@code -Xmx})
 * @param collector the garbage collector option
 * @param reason   why, in words, for {@code up}'s output
 */
record PeerJvmOptions(long heapMiB, String collector, String reason) {
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
    /** What {@code up} used before sizing, and still uses when the machine's memory cannot be read. */
    static final PeerJvmOptions FALLBACK = new PeerJvmOptions(256, SERIAL, "the machine's memory is unknown");

    private static final long MIB = 1L << 20;
    private static final long ROUND_MIB = 64;

    /**
     * The options for one of {@code peers} peers on a machine with {@code physicalBytes} of memory and {@code cores}
     * processors: {@link #HEAP_SHARE_OF_MEMORY} of the memory divided among the peers, rounded down to 64 MiB and
     * kept within {@link #MIN_HEAP_MIB}..{@link #MAX_HEAP_MIB}; the serial collector on one core (parallel GC
     * threads would only compete with the peer), G1 from {@link #G1_FROM_HEAP_MIB} of heap, the parallel collector
     * below it.
     */
    static PeerJvmOptions size(long physicalBytes, int cores, int peers) {
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
        return new PeerJvmOptions(heap, collector, reason);
    }

    /** {@link #size} for this machine (a container's limits when it runs in one: the JVM reports those). */
    static PeerJvmOptions forThisMachine(int peers) {
        long physical = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return size(physical, Runtime.getRuntime().availableProcessors(), peers);
    }

    /**
     * The options as given to {@code java}: the whole heap from the start ({@code -Xms} = {@code -Xmx}, as servers
     * are usually run). The heap is budgeted to the peer anyway ({@link #HEAP_SHARE_OF_MEMORY}); growing into it in
     * steps made a restart that loads a large pinset collect in small steps too: 10 million pins, 25.7-26.9 s to an
     * answering API with the default initial heap, 19.4-23.6 s with the whole heap (three runs each).
     */
    String javaOpts() {
        return "-Xms" + heapMiB + "m -Xmx" + heapMiB + "m " + collector;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
