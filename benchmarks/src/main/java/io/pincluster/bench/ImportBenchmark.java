package io.pincluster.bench;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Import throughput of 100 MiB held in memory, as {@code ipfs add} (CIDv0, UnixFS leaves) and as
 * {@code ipfs add --cid-version=1} (raw leaves), against plain JDK SHA-256 over the same bytes: the
 * ceiling, since the importer must hash every byte once. Blocks go to a blackhole sink.
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-h1 -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target-h1/benchmarks.jar ImportBenchmark -f 1 -wi 2 -i 3
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ImportBenchmark {
    private static final int SIZE = 100 << 20;

    private byte[] data;
    private FileImporter v0;
    private FileImporter v1;
    private MessageDigest sha256;

    @Setup
    public void setUp() {
        data = new byte[SIZE];
        new Random(1).nextBytes(data);
        v0 = new FileImporter(ImportOptions.kuboDefaults());
        v1 = new FileImporter(ImportOptions.kuboV1());
        sha256 = Multihash.newSha256();
    }

    @Benchmark
    public Cid importCidV0(Blackhole bh) throws IOException {
        return v0.importFile(new ByteArrayInputStream(data), (cid, block) -> bh.consume(block), null).cid();
    }

    @Benchmark
    public Cid importCidV1(Blackhole bh) throws IOException {
        return v1.importFile(new ByteArrayInputStream(data), (cid, block) -> bh.consume(block), null).cid();
    }

    @Benchmark
    public byte[] sha256Ceiling() {
        sha256.update(data);
        return sha256.digest();
    }
}
