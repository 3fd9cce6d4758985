package io.pincluster.bench;

import io.pincluster.allocator.AllocationRequest;
import io.pincluster.allocator.AllocatorConfig;
import io.pincluster.allocator.BalancedAllocator;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * How long does the leader spend placing one pin? One balanced allocation (replication 2..3, default
 * {@code allocate_by = ["tag:zone","freespace"]}) among {@code peers} peers spread over {@code zones}
 * zones, with random free space. {@code newPin}: size unknown, nothing pending (ipfs-cluster's case);
 * {@code sizedPinWithPending}: known size, reserve and pending bytes on a quarter of the peers;
 * {@code topUp}: one valid current copy to keep, two more to find. The allocator digests a snapshot
 * once and reuses it for every pin decided from it; {@code newPinFreshSnapshot} pays that digest each
 * time (the first pin of a batch), and {@code snapshot} measures building the valid-metrics snapshot
 * from the raw metrics. Target: under 50 µs per allocation at 1000 peers.
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-h8 -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target-h8/benchmarks.jar AllocatorBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AllocatorBenchmark {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long GB = 1_000_000_000L;

    @Param({"10", "100", "1000"})
    int peers;

    @Param({"3", "10"})
    int zones;

    private BalancedAllocator allocator;
    private List<Metric> metrics;
    private AllocationRequest newPin;
    private AllocationRequest sizedPinWithPending;
    private AllocationRequest topUp;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        metrics = new ArrayList<>();
        List<PeerId> ids = new ArrayList<>();
        Map<PeerId, Long> pending = new HashMap<>();
        for (int i = 0; i < peers; i++) {
            PeerId peer = peerId(i);
            ids.add(peer);
            Instant expire = NOW.plusSeconds(30);
            metrics.add(Metric.tag(peer, "zone", "zone-" + (i % zones), expire));
            metrics.add(Metric.freeSpace(peer, (50 + rnd.nextInt(2000)) * GB, expire));
            if (i % 4 == 0) {
                pending.put(peer, rnd.nextInt(40) * GB);
            }
        }
        MetricsSnapshot snapshot = MetricsSnapshot.validAt(NOW, metrics);
        allocator = new BalancedAllocator(AllocatorConfig.DEFAULT.withReserveBytes(10 * GB));
        Cid cid = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        newPin = AllocationRequest.of(cid, 2, 3, snapshot);
        sizedPinWithPending = newPin.withDagSize(25 * GB).withPendingBytes(pending);
        topUp = newPin.withCurrent(List.of(ids.get(peers / 2)));
        if (allocator.allocate(newPin).size() != 3 || allocator.allocate(topUp).size() != 3) {
            throw new IllegalStateException("benchmark fleet cannot place 3 copies");
        }
    }

    private static PeerId peerId(int i) {
        byte[] proto = ByteBuffer.allocate(36).put(new byte[] {8, 1, 18, 32}).putInt(i).array();
        return PeerId.ofPublicKeyProto(proto);
    }

    @Benchmark
    public List<PeerId> newPin() {
        return allocator.allocate(newPin);
    }

    @Benchmark
    public List<PeerId> newPinFreshSnapshot() {
        return new BalancedAllocator(allocator.config()).allocate(newPin);
    }

    @Benchmark
    public List<PeerId> sizedPinWithPending() {
        return allocator.allocate(sizedPinWithPending);
    }

    @Benchmark
    public List<PeerId> topUp() {
        return allocator.allocate(topUp);
    }

    @Benchmark
    public MetricsSnapshot snapshot() {
        return MetricsSnapshot.validAt(NOW, metrics);
    }
}
