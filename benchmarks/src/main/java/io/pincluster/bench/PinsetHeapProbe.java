package io.pincluster.bench;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much heap one peer's replica of the pinset takes per pin, and how long rebuilding it takes (what a restart
 * or an installed snapshot does after decoding: {@link PinSetState#replaceAll}). Issue 14's target is 10 million
 * pins in at most 2 GiB of heap per peer. Pins as an ordinary cluster holds them: CIDv1 raw sha2-256, default
 * options (no name, no metadata), two of five peers allocated. A plain main, not JMH: it measures one large
 * structure once.
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-bench -pl benchmarks -am package -DskipTests
 * java -Xmx12g -XX:+UseParallelGC -cp benchmarks/target-bench/benchmarks.jar io.pincluster.bench.PinsetHeapProbe 10000000
 * }</pre>
 */
public final class PinsetHeapProbe {
    private PinsetHeapProbe() {
    }

    public static void main(String[] args) {
        int pins = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] proto = ByteBuffer.allocate(36).put(new byte[] {8, 1, 18, 32}).putInt(i).array();
            peers.add(PeerId.ofPublicKeyProto(proto));
        }
        Instant now = Instant.parse("2026-12-05T00:00:00Z");
        long before = usedAfterGc();
        PinSetState state = new PinSetState();
        long start = System.nanoTime();
        for (int i = 0; i < pins; i++) {
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(ByteBuffer.allocate(8).putLong(i).array()));
            List<PeerId> allocations = List.of(peers.get(i % 5), peers.get((i + 1) % 5));
            state.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS, PinType.DATA, allocations, null,
                    now.plusMillis(i))));
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long used = usedAfterGc() - before;
        List<Pin> copy = state.copyPins();
        start = System.nanoTime();
        state.replaceAll(copy.iterator(), 1);
        double rebuildSeconds = (System.nanoTime() - start) / 1e9;
        copy = null;
        long usedRebuilt = usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "RESULT pins=%d heap_mib=%.0f bytes_per_pin=%.0f heap_mib_after_rebuild=%.0f"
                        + " projected_10M_gib=%.2f fill_s=%.1f rebuild_s=%.1f%n", pins, used / 1048576.0,
                (double) used / pins, usedRebuilt / 1048576.0, used / (double) pins * 10_000_000 / (1L << 30),
                fillSeconds, rebuildSeconds);
        if (state.size() != pins) {
            throw new IllegalStateException("lost pins: " + state.size());
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
