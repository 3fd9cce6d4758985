package io.pincluster.bench;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast does the embedded block store take and serve UnixFS-sized blocks? {@code put} stores a new block each
 * time (CID hashing by the caller, hash check, temp file, fsync, rename, directory fsync); {@code get} reads a
 * stored block and verifies its hash (from the page cache after warm-up).
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-h2 -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp benchmarks/target-h2/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main BlockStoreBenchmark
 * }</pre>
 * (or {@code java -jar} on the shaded benchmarks jar). Add {@code -t 4} to see puts overlap their fsyncs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class BlockStoreBenchmark {
    private static final int STORED_BLOCKS = 128;

    @Param("262144")
    int blockSize;

    private Path dir;
    private EmbeddedBlockStore store;
    private final AtomicLong counter = new AtomicLong();
    private byte[] template;
    private Cid[] stored;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("blockstore-bench");
        store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir).withStorageMax(Long.MAX_VALUE),
                new DagPbLinkReader());
        Random r = new Random(1);
        template = new byte[blockSize];
        r.nextBytes(template);
        stored = new Cid[STORED_BLOCKS];
        for (int i = 0; i < STORED_BLOCKS; i++) {
            byte[] block = nextBlock();
            stored[i] = Cid.v1(Codec.RAW, Multihash.sha256(block));
            store.put(stored[i], block);
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A block no one has stored yet: the template with a fresh counter in its first bytes. */
    private byte[] nextBlock() {
        byte[] block = template.clone();
        long n = counter.incrementAndGet();
        for (int i = 0; i < 8; i++) {
            block[i] = (byte) (n >>> (8 * i));
        }
        return block;
    }

    @Benchmark
    public Cid put() throws IOException {
        byte[] block = nextBlock();
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(block));
        store.put(cid, block);
        return cid;
    }

    @Benchmark
    public byte[] get() throws IOException {
        return store.get(stored[ThreadLocalRandom.current().nextInt(STORED_BLOCKS)]);
    }
}
