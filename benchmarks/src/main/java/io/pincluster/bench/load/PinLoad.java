package io.pincluster.bench.load;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * REST pin load: {@code clients} threads each POST {@code /pins/<cid>} (distinct raw CIDv1s of a counter, absent by
 * default or inline: see {@link LoadOptions#content()}), spread round-robin over the given peers, for a fixed count or
 * duration, after an optional unmeasured warm-up. Closed loop by default (each client waits for the answer before
 * sending the next); with {@code --rate} open loop at a fixed offered load (see {@link LoadOptions#rate()}). Prints one
 * {@link LoadResult#line() RESULT} line.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.pincluster.bench.load.PinLoad \
 *     --url http://127.0.0.1:9094 --clients 16 --count 20000 --duration 30s --warmup 5s --password ...
 * </pre>
 * Exit status: 0 done, 1 bad arguments, 3 no request succeeded.
 */
public final class PinLoad {
    private final LoadOptions options;
    private final String authorization;
    private final AtomicLong counter = new AtomicLong();

    public PinLoad(LoadOptions options) {
        this.options = options;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws InterruptedException {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(1);
            return;
        }
        LoadResult r = new PinLoad(options).run();
        System.out.println(r.line());
        System.exit(r.ok() > 0 ? 0 : 3);
    }

    /** Runs the warm-up (if any), then the measured phase. */
    public LoadResult run() throws InterruptedException {
        if (!options.warmup().isZero()) {
            phase(Long.MAX_VALUE, options.warmup());
        }
        return phase(options.count(), options.duration());
    }

    private LoadResult phase(long count, Duration duration) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        Map<Integer, Long> errors = new ConcurrentHashMap<>();
        long[][] latencies = new long[options.clients()][];
        CountDownLatch done = new CountDownLatch(options.clients());
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int c = 0; c < options.clients(); c++) {
            int client = c;
            URI base = options.urls().get(c % options.urls().size());
            Thread t = new Thread(() -> {
                try {
                    latencies[client] = clientLoop(base, issued, count, start, deadline, errors);
                } finally {
                    done.countDown();
                }
            }, "pin-load-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        long wall = System.nanoTime() - start;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        return LoadResult.of(options.clients(), options.urls().size(), options.batch(), all, errors, wall);
    }

    private long[] clientLoop(URI base, AtomicLong issued, long count, long start, long deadline,
                              Map<Integer, Long> errors) {
        long[] ok = new long[1024];
        int n = 0;
        Map<Integer, Long> local = new HashMap<>();
        // Open loop: request k is due at start + k * batch / rate, whoever sends it.
        double nanosPerRequest = options.rate() > 0 ? options.batch() * 1e9 / options.rate() : 0;
        try (KeepAliveConnection connection = new KeepAliveConnection(base, authorization)) {
            long k;
            while ((k = issued.getAndIncrement()) < count && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                if (nanosPerRequest > 0) {
                    long due = start + (long) (k * nanosPerRequest);
                    if (due >= deadline) {
                        break;
                    }
                    while ((t0 = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - t0);
                    }
                    t0 = due; // a request sent late because every client was busy counts its wait
                }
                int status = options.batch() == 1 ? connection.send("POST", "/pins/" + nextCid())
                        : connection.send("POST", "/pins", batchBody());
                long took = System.nanoTime() - t0;
                if (status / 100 == 2) {
                    if (n == ok.length) {
                        ok = Arrays.copyOf(ok, n * 2);
                    }
                    ok[n++] = took;
                } else {
                    local.merge(status, 1L, Long::sum);
                }
            }
        }
        local.forEach((s, k) -> errors.merge(s, k, Long::sum));
        return Arrays.copyOf(ok, n);
    }

    private byte[] batchBody() {
        StringBuilder body = new StringBuilder(options.batch() * 64);
        for (int i = 0; i < options.batch(); i++) {
            body.append(nextCid()).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private String nextCid() {
        byte[] label = ("pinload " + options.label() + " " + counter.getAndIncrement())
                .getBytes(StandardCharsets.UTF_8);
        return Cid.v1(Codec.RAW, "inline".equals(options.content()) ? Multihash.identity(label)
                : Multihash.sha256(label)).toString();
    }
}
