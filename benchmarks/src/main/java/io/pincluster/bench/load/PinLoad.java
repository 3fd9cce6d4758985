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

/**
 * Closed-loop REST pin load: {@code clients} threads each POST {@code /pins/<cid>} (distinct raw CIDv1s of a counter,
 * inline or absent: see {@link LoadOptions#content()})
 * and wait for the answer before sending the next, spread round-robin over the given peers, for a fixed count or
 * duration, after an optional unmeasured warm-up. Prints one {@link LoadResult#line() RESULT} line.
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
        long deadline = System.nanoTime() + duration.toNanos();
        Map<Integer, Long> errors = new ConcurrentHashMap<>();
        long[][] latencies = new long[options.clients()][];
        CountDownLatch done = new CountDownLatch(options.clients());
        long start = System.nanoTime();
        for (int c = 0; c < options.clients(); c++) {
            int client = c;
            URI base = options.urls().get(c % options.urls().size());
            Thread t = new Thread(() -> {
                try {
                    latencies[client] = clientLoop(base, issued, count, deadline, errors);
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

    private long[] clientLoop(URI base, AtomicLong issued, long count, long deadline, Map<Integer, Long> errors) {
        long[] ok = new long[1024];
        int n = 0;
        Map<Integer, Long> local = new HashMap<>();
        try (KeepAliveConnection connection = new KeepAliveConnection(base, authorization)) {
            while (issued.getAndIncrement() < count && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
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
