package io.pincluster.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.LocalPsaRecords;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaStatusIndex;
import io.pincluster.core.psa.Tenant;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.psa.PsaConfig;
import io.pincluster.rest.psa.PsaServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 15's list benchmark, not a test: {@code GET /pins?limit=1000} with each filter of the spec over a million
 * pin requests, through the real Pinning Service API server (Armeria, HTTP on loopback, tenant and admin tokens)
 * reading the real request table ({@link io.pincluster.core.psa.PsaTable}, the replica every peer keeps). The
 * cluster behind it is this module's {@link FakeClusterApi} holding every CID (one of its two peers reports an error,
 * so every request's status is {@code failed}): the statuses cost here is a map lookup per CID, not the cluster-wide
 * status RPC of a real peer. Prints, per query, the time (median and worst of the
 * rounds), the count, the bytes allocated per request by every thread of the JVM, and the heap still in use after a
 * collection compared with before the queries (what a request keeps: nothing, if memory is bounded).
 *
 * <p>Status filters are answered from decision 0023's status index ({@link PsaStatusIndex}, refreshed once before the
 * queries; its refresh's time and memory are printed); {@code --status-index false} asks the cluster as before.
 *
 * <p>Run: {@code benchmarks/run-psa-list-bench.sh} (defaults: 1,000,000 requests, 10 tenants, 20 rounds).
 */
public final class PsaListBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PsaListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int requests = Integer.parseInt(opts.getOrDefault("requests", "1000000"));
        int tenants = Integer.parseInt(opts.getOrDefault("tenants", "10"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "20"));
        boolean withIndex = Boolean.parseBoolean(opts.getOrDefault("status-index", "true"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        long t0 = System.nanoTime();
        FakeClusterApi cluster = new FakeClusterApi();
        LocalPsaRecords records = new LocalPsaRecords(Clock.systemUTC());
        List<PsaPin> pins = new ArrayList<>(requests);
        List<Tenant> tenantRecords = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int t = 0; t < tenants; t++) {
            tenantRecords.add(new Tenant("tenant-" + t, 0, 0, 0, 0, false, start));
        }
        Cid sample = null;
        for (int i = 0; i < requests; i++) {
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(ByteBuffer.allocate(4).putInt(i).array()));
            pins.add(new PsaPin("req" + i, "tenant-" + (i % tenants), cid, "file-" + i + ".bin", List.of(),
                    Map.of("app", "bench", "batch", Integer.toString(i % 100)), 0, start.plusSeconds(i)));
            cluster.pinset.put(cid, new io.pincluster.core.pin.Pin(cid, PinOptions.DEFAULTS,
                    io.pincluster.core.pin.PinType.DATA, List.of(), null, start));
            if (i == requests / 2) {
                sample = cid;
            }
        }
        records.table().replaceAll(pins, tenantRecords);
        pins = null;
        System.out.printf("loaded %,d requests of %d tenants in %.1f s%n", requests, tenants,
                (System.nanoTime() - t0) / 1e9);

        // Decision 0023's status index, as a peer keeps it, over the fake cluster; refreshed once here, by hand, so
        // the per-request figures below are the lists' own (a peer refreshes it every 2 s while lists use it).
        PsaStatusIndex index = null;
        if (withIndex) {
            index = new PsaStatusIndex(cluster, cluster.pinset::containsKey, records.table(),
                    new PsaStatusIndex.Settings(Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofHours(1),
                            2_000_000, 100_000));
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            Map<Long, Long> refreshAlloc = allocatedByAllThreads();
            index.refresh();
            double mib = allocatedSince(refreshAlloc) / (double) (1 << 20);
            System.gc();
            System.out.printf("status index: first refresh (with the one pass over the requests' CIDs) over %,d "
                    + "not-pinned CIDs took %d ms, allocated %.0f MiB, keeps %+,d MiB%n", requests,
                    index.lastRefreshTime().toMillis(), mib,
                    (memory.getHeapMemoryUsage().getUsed() - before) >> 20);
        } else {
            System.out.println("status index: off (every status filter asks the cluster, in batches of 256)");
        }
        RestConfig config = RestConfig.defaults().withPort(0).withCredentials(Map.of("admin", "pw-admin"));
        RestAuth auth = RestAuth.of(config, Clock.systemUTC());
        PsaServer psa = new PsaServer(PsaConfig.of("127.0.0.1", 0), auth, records, ClusterApi.of(cluster),
                Clock.systemUTC(), cid -> -1L, index).start();
        try {
            String admin = auth.jwt().issue(auth.credentials().user("admin").orElseThrow());
            String tenant = auth.jwt().issueTenant("tenant-3", start, Duration.ofHours(1)).token();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + psa.port();
            Map<String, String[]> queries = new LinkedHashMap<>();
            queries.put("admin, no filter (newest 1000 of all)", new String[] {admin, "limit=1000"});
            queries.put("tenant, no filter", new String[] {tenant, "limit=1000"});
            queries.put("tenant, status=failed (all match)", new String[] {tenant, "limit=1000&status=failed"});
            queries.put("tenant, status=queued,pinned (none match)",
                    new String[] {tenant, "limit=1000&status=queued,pinned"});
            queries.put("tenant, name partial '99' (scans all)",
                    new String[] {tenant, "limit=1000&name=99&match=partial"});
            queries.put("tenant, name exact (scans all)",
                    new String[] {tenant, "limit=1000&name=file-500003.bin&match=exact"});
            queries.put("tenant, meta batch=3", new String[] {tenant, "limit=1000&meta="
                    + URLEncoder.encode("{\"batch\":\"3\"}", StandardCharsets.UTF_8)});
            queries.put("tenant, before/after one day", new String[] {tenant, "limit=1000&after="
                    + start.plusSeconds(500_000) + "&before=" + start.plusSeconds(586_400)});
            queries.put("admin, cid", new String[] {admin, "limit=1000&cid=" + sample});

            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("heap in use after a collection, table loaded: %,d MiB%n", baseline >> 20);
            System.out.printf("%-44s %8s %10s %10s %14s%n", "query", "count", "p50 ms", "max ms", "alloc/req MiB");
            for (Map.Entry<String, String[]> q : queries.entrySet()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/pins?" + q.getValue()[1]))
                        .header("Authorization", "Bearer " + q.getValue()[0]).build();
                for (int w = 0; w < 3; w++) { // warm-up
                    check(http.send(request, HttpResponse.BodyHandlers.ofString()), q.getKey());
                }
                long[] millis = new long[rounds];
                Map<Long, Long> allocated = allocatedByAllThreads();
                long count = 0;
                for (int r = 0; r < rounds; r++) {
                    long began = System.nanoTime();
                    JsonNode body = check(http.send(request, HttpResponse.BodyHandlers.ofString()), q.getKey());
                    millis[r] = (System.nanoTime() - began) / 1_000_000;
                    count = body.get("count").asLong();
                }
                double perRequest = allocatedSince(allocated) / (double) rounds / (1 << 20);
                Arrays.sort(millis);
                System.out.printf("%-44s %,8d %10d %10d %14.1f%n", q.getKey(), count, millis[rounds / 2],
                        millis[rounds - 1], perRequest);
            }
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("heap in use after a collection, after every query: %,d MiB (%+,d MiB)%n", after >> 20,
                    (after - baseline) >> 20);
        } finally {
            psa.stop();
        }
    }

    private static JsonNode check(HttpResponse<String> response, String what) throws Exception {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Bytes allocated so far by each live thread (a thread that ends takes its count with it: compare per thread). */
    private static Map<Long, Long> allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    /** Allocated since {@code before} by threads alive then and now, plus everything by threads started since. */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedByAllThreads().entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return out;
    }
}
