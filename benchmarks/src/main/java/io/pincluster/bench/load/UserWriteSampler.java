package io.pincluster.bench.load;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A user pinning one CID at a time while something else happens (a repair): one {@code POST /pins/{cid}} of an
 * inline CID (its content is in the CID, so no tracker waits for it afterwards), then a pause, until stopped; each request's time to its answer is kept. What it shows is
 * how long a user's write waits while the cluster is busy with its own work.
 */
final class UserWriteSampler implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI rest;
    private final String authorization;
    private final Duration pause;
    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts pinning through {@code rest} at once, pausing {@code pause} after each answer. */
    UserWriteSampler(URI rest, String authorization, Duration pause) {
        this.rest = rest;
        this.authorization = authorization;
        this.pause = pause;
        this.thread = new Thread(this::run, "user-write-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long seed = System.nanoTime();
        for (int i = 0; !stopped; i++) {
            String cid = Cid.v1(Codec.RAW, Multihash.identity(("user write " + seed + " " + i)
                    .getBytes(StandardCharsets.UTF_8))).toString();
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve("/pins/" + cid
                                + "?replication-min=1&replication-max=1")).header("Authorization", authorization)
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    micros.add((System.nanoTime() - start) / 1000);
                } else {
                    failures.add(r.statusCode() + " " + r.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.add(e.toString());
            }
            LockSupport.parkNanos(pause.toNanos()); // a load generator's pacing, not a test's wait
        }
    }

    /** Stops after the request in flight, if any. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(70).toMillis());
    }

    /** {@code n=.. p50_ms=.. p99_ms=.. max_ms=.. failed=..} of the writes so far. */
    String summary() {
        List<Long> sorted;
        synchronized (micros) {
            sorted = new ArrayList<>(micros);
        }
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f failed=%d", sorted.size(),
                quantile(sorted, 0.5), quantile(sorted, 0.99), sorted.isEmpty() ? 0.0 : sorted.get(sorted.size() - 1)
                        / 1000.0, failures.size()) + (failures.isEmpty() ? "" : " (first: " + failures.get(0) + ")");
    }

    private static double quantile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0.0 : sorted.get((int) Math.min(sorted.size() - 1,
                Math.ceil(q * sorted.size()) - 1)) / 1000.0;
    }
}
