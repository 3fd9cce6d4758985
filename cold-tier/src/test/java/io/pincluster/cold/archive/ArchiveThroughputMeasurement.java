package io.pincluster.cold.archive;

import io.pincluster.cold.car.CarArchiveWriter;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.S3MockExtension;
import io.pincluster.cold.s3.S3MockServer;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Archive and restore throughput next to raw PutObject/GetObject of the very same CAR bytes on the same S3Mock, in
 * alternating rounds (issue 17's benchmark: target ≥ 0.7× raw both ways). A measurement, not a check, so it runs
 * only when asked:
 * {@code mvn -o -q -pl cold-tier -am test -Dtest=ArchiveThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpc.bench=true} (results in the surefire report's output file). Restores go into an in-memory store, so the
 * figure is the archive path's, not a disk's. The "2 at once" rounds also print the CPU time client and server spent
 * per pin; {@code -Dpc.s3mock.cpus=1} with {@code taskset -c 0 mvn ...} gives the server a core of its own, as a real
 * object store has machines of its own (docs/decisions/0018).
 */
@EnabledIfSystemProperty(named = "pc.bench", matches = "true")
@ExtendWith(S3MockExtension.class)
class ArchiveThroughputMeasurement {
    private static final int PINS = Integer.getInteger("pc.bench.pins", 12);
    private static final int PIN_BYTES = Integer.getInteger("pc.bench.pinBytes", 4 * 1024 * 1024);
    private static final int ROUNDS = Integer.getInteger("pc.bench.rounds", 3);
    private static final DagPbLinkReader LINKS = new DagPbLinkReader();

    @TempDir
    Path dir;

    @Test
    void measure(S3MockServer server) throws Exception {
        InMemoryBlockStore hot = new InMemoryBlockStore();
        List<TestPins.Pin> pins = new ArrayList<>();
        List<byte[]> cars = new ArrayList<>();
        for (int i = 0; i < PINS; i++) {
            TestPins.Pin pin = TestPins.add(hot, PIN_BYTES, ImportOptions.kuboDefaults(), 1000 + i);
            pins.add(pin);
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            new CarArchiveWriter(hot::get, LINKS).write(pin.root(), car);
            cars.add(car.toByteArray());
        }
        long carBytes = cars.stream().mapToLong(c -> c.length).sum();
        String bucket = server.createBucket();
        // the store's defaults: no read-back (docs/decisions/0016), so both sides send the bytes once
        S3Client raw = server.admin();
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket).withVerifyByReadBack(false))) {
            for (int round = 0; round < ROUNDS; round++) {
                ArchiveKeys keys = new ArchiveKeys("round-" + round + "/");
                PinArchiver archiver = new PinArchiver(store, keys, new ArchiveSpool(dir.resolve("spool")), LINKS,
                        CarLimits.DEFAULT, Throttle.NONE);
                List<ArchivedPin> archived = new ArrayList<>();
                // pin by pin, raw PUT then archive of the same bytes: on a shared box whose load drifts within
                // seconds, both sides then see the same machine, and the ratio means more than either figure
                long rawNanos = 0;
                long archiveNanos = 0;
                for (int i = 0; i < PINS; i++) {
                    long t = System.nanoTime();
                    raw.putObject(PutObjectRequest.builder().bucket(bucket).key("raw/" + round + "/" + i).build(),
                            RequestBody.fromBytes(cars.get(i)));
                    rawNanos += System.nanoTime() - t;
                    t = System.nanoTime();
                    archived.add(archiver.archive(pins.get(i).root(), hot::get));
                    archiveNanos += System.nanoTime() - t;
                }
                double rawPut = mbPerSecond(carBytes, rawNanos);
                double archive = mbPerSecond(carBytes, archiveNanos);
                long t;

                t = System.nanoTime();
                for (int i = 0; i < PINS; i++) {
                    raw.getObject(GetObjectRequest.builder().bucket(bucket).key("raw/" + round + "/" + i).build(),
                            ResponseTransformer.toBytes());
                }
                double rawGet = mbPerSecond(carBytes, System.nanoTime() - t);

                // where the archive time goes: the one-pass write alone (walk, SHA-256, CommP, index), and the
                // store's put of an already spooled file (its own SHA-256 + MD5 read, PutObject, HEAD)
                t = System.nanoTime();
                for (TestPins.Pin pin : pins) {
                    new CarArchiveWriter(hot::get, LINKS).write(pin.root(), OutputStream.nullOutputStream());
                }
                double writeOnly = mbPerSecond(carBytes, System.nanoTime() - t);
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < PINS; i++) {
                    files.add(Files.write(dir.resolve("car-" + i), cars.get(i)));
                }
                t = System.nanoTime();
                for (int i = 0; i < PINS; i++) {
                    store.put("put/" + round + "/" + i, files.get(i));
                }
                double storePut = mbPerSecond(carBytes, System.nanoTime() - t);
                for (Path file : files) {
                    Files.delete(file);
                }

                // what the archive's other steps cost, per pin: the requests around the PUT and the spool file
                t = System.nanoTime();
                for (int i = 0; i < PINS; i++) {
                    store.head("missing/" + round + "/" + i);
                }
                double headMissing = msEach(System.nanoTime() - t);
                t = System.nanoTime();
                for (ArchivedPin a : archived) {
                    store.head(a.carKey());
                }
                double headFound = msEach(System.nanoTime() - t);
                byte[] sidecar = new byte[773];
                t = System.nanoTime();
                for (int i = 0; i < PINS; i++) {
                    store.putSmall("small/" + round + "/" + i, sidecar);
                }
                double smallPut = msEach(System.nanoTime() - t);
                t = System.nanoTime();
                for (int i = 0; i < PINS; i++) {
                    Path file = dir.resolve("spooled-" + i);
                    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 256 * 1024)) {
                        new CarArchiveWriter(hot::get, LINKS).write(pins.get(i).root(), out);
                    }
                    try (var channel = java.nio.channels.FileChannel.open(file,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                    Files.delete(file);
                }
                double spoolSynced = msEach(System.nanoTime() - t);
                System.out.println(String.format(Locale.ROOT, "round %d steps, ms per pin: HEAD of a missing key %.1f, "
                        + "HEAD of an archive %.1f, PUT of a 773-byte sidecar %.1f, CAR write to a file + fsync %.1f; "
                        + "raw PUT %.1f, archive %.1f", round, headMissing, headFound, smallPut, spoolSynced,
                        msEach(rawNanos), msEach(archiveNanos)));

                ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(archived));
                t = System.nanoTime();
                for (TestPins.Pin pin : pins) {
                    cold.restoreDag(pin.root(), new InMemoryBlockStore());
                }
                double restore = mbPerSecond(carBytes, System.nanoTime() - t);

                System.out.println(String.format(Locale.ROOT, "round %d: %d pins, %.1f MB of CAR: raw PUT %.1f MB/s, "
                        + "archive %.1f MB/s (%.2fx); raw GET %.1f MB/s, restore %.1f MB/s (%.2fx)", round, PINS,
                        carBytes / 1e6, rawPut, archive, archive / rawPut, rawGet, restore, restore / rawGet));
                System.out.println(String.format(Locale.ROOT, "round %d parts: CAR write alone %.1f MB/s, store.put of "
                        + "a spooled file %.1f MB/s", round, writeOnly, storePut));
            }
            // the first lever of decision 0018: two jobs at once, against two raw PUTs at once
            ExecutorService jobs = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    String prefix = "parallel-" + round + "/";
                    CpuClock cpu = new CpuClock(server);
                    long t = System.nanoTime();
                    runAll(jobs, IntStream.range(0, PINS).mapToObj(i -> (Callable<?>) () -> raw.putObject(
                            PutObjectRequest.builder().bucket(bucket).key(prefix + "raw/" + i).build(),
                            RequestBody.fromBytes(cars.get(i)))).toList());
                    double rawPut = mbPerSecond(carBytes, System.nanoTime() - t);
                    String rawCpu = cpu.perPin();
                    PinArchiver archiver = new PinArchiver(store, new ArchiveKeys(prefix),
                            new ArchiveSpool(dir.resolve("spool")), LINKS, CarLimits.DEFAULT, Throttle.NONE);
                    cpu = new CpuClock(server);
                    t = System.nanoTime();
                    runAll(jobs, pins.stream().map(pin -> (Callable<?>) () -> archiver.archive(pin.root(), hot::get))
                            .toList());
                    double archive = mbPerSecond(carBytes, System.nanoTime() - t);
                    System.out.println(String.format(Locale.ROOT, "round %d, 2 at once: raw PUT %.1f MB/s, archive "
                            + "%.1f MB/s (%.2fx); CPU ms per pin, client/server: raw %s, archive %s", round, rawPut,
                            archive, archive / rawPut, rawCpu, cpu.perPin()));
                }
            } finally {
                jobs.shutdownNow();
                jobs.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
    }

    /** CPU time of this JVM and of the S3 server's process since construction, per pin. */
    private static final class CpuClock {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
        private final S3MockServer server;
        private final long client;
        private final long serverStart;

        CpuClock(S3MockServer server) {
            this.server = server;
            this.client = OS.getProcessCpuTime();
            this.serverStart = server.cpuNanos();
        }

        String perPin() {
            return String.format(Locale.ROOT, "%.1f/%.1f", (OS.getProcessCpuTime() - client) / 1e6 / PINS,
                    (server.cpuNanos() - serverStart) / 1e6 / PINS);
        }
    }

    private static void runAll(ExecutorService jobs, List<? extends Callable<?>> tasks) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<?> task : tasks) {
            futures.add(jobs.submit(task::call));
        }
        for (Future<Object> f : futures) {
            f.get();
        }
    }

    private static double msEach(long nanos) {
        return nanos / 1e6 / PINS;
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
