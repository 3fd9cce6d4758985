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
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a pinset lookup and an applied pin cost at the size a busy cluster reaches: every peer looks each new pin
 * up several times (the leader deciding it, the apply, the tracker) and applies it into the table and its per-peer
 * index. JFR on three `up` peers under the batch route put a fifth of their CPU in these lookups (the ordered map's
 * comparisons of CIDs). {@code get}: a random pinned CID; {@code apply}: a new pin with two allocations (the
 * table grows by one pin per call, so a run of a few million calls measures a growing table).
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-bench -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target-bench/benchmarks.jar PinSetStateBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PinSetStateBenchmark {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Param({"300000"})
    int pins;

    private PinSetState state;
    private Cid[] cids;
    private List<List<PeerId>> allocations;
    private int next;
    private long fresh;

    @Setup
    public void setUp() {
        state = new PinSetState();
        PeerId[] peers = {peerId(0), peerId(1), peerId(2)};
        allocations = List.of(List.of(peers[0], peers[1]), List.of(peers[1], peers[2]), List.of(peers[2], peers[0]));
        cids = new Cid[pins];
        for (int i = 0; i < pins; i++) {
            cids[i] = cid(i);
            state.apply(new PinOp.AddPin(pin(cids[i], i)));
        }
        fresh = pins;
    }

    private Pin pin(Cid cid, long i) {
        return new Pin(cid, PinOptions.DEFAULTS, PinType.DATA, allocations.get((int) (i % 3)), null, NOW);
    }

    private static Cid cid(long i) {
        return Cid.v1(Codec.RAW, Multihash.sha256(ByteBuffer.allocate(8).putLong(i).array()));
    }

    private static PeerId peerId(int i) {
        byte[] proto = ByteBuffer.allocate(36).put(new byte[] {8, 1, 18, 32}).putInt(i).array();
        return PeerId.ofPublicKeyProto(proto);
    }

    @Benchmark
    public Optional<Pin> get() {
        next = (next + 7919) % pins;
        return state.get(cids[next]);
    }

    @Benchmark
    public Pin apply() {
        long i = fresh++;
        return state.apply(new PinOp.AddPin(pin(cid(i), i)));
    }
}
