package io.pincluster.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leader failover as a client sees it: finds the Raft leader through {@code /id}, SIGKILLs its process, and at the
 * same instant starts one writer per surviving peer, each retrying {@code POST /pins/<new cid>} until it is
 * acknowledged. Prints {@code FAILOVER ms=<kill until the first 2xx>} and exits; the caller restarts the peer.
 *
 * <pre>
 * java -cp benchmarks.jar io.pincluster.bench.load.FailoverProbe --password P \
 *     --peer http://127.0.0.1:9094=4242 --peer http://127.0.0.1:9194=4243 --peer http://127.0.0.1:9294=4244
 * </pre>
 */
public final class FailoverProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    private final String authorization;
    private final Map<URI, Long> pids;

    private FailoverProbe(String user, String password, Map<URI, Long> pids) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.pids = pids;
    }

    public static void main(String[] args) throws Exception {
        Map<URI, Long> pids = new LinkedHashMap<>();
        String password = System.getenv("PINCLUSTER_PASSWORD");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--peer" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    pids.put(URI.create(kv[0]), Long.parseLong(kv[1]));
                }
                case "--password" -> password = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (pids.size() < 3 || password == null) {
            System.err.println("usage: FailoverProbe --password P --peer <rest url>=<pid> (at least 3)");
            System.exit(1);
        }
        pids.keySet().forEach(u -> new LoadOptions(List.of(u), "admin", "x", 1, 1, Duration.ofSeconds(1),
                Duration.ZERO, "check", "inline", 1)); // loopback only, same rule as PinLoad
        System.out.println(new FailoverProbe("admin", password, pids).run());
    }

    private String run() throws Exception {
        URI leader = findLeader();
        List<URI> survivors = new ArrayList<>(pids.keySet());
        survivors.remove(leader);
        long pid = pids.get(leader);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        long t0 = System.nanoTime();
        process.destroyForcibly();
        List<CompletableFuture<Long>> writers = survivors.stream()
                .map(u -> CompletableFuture.supplyAsync(() -> writeUntilAcknowledged(u, t0))).toList();
        long firstAck = (Long) CompletableFuture.anyOf(writers.toArray(CompletableFuture[]::new))
                .get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
        process.onExit().get(10, TimeUnit.SECONDS);
        return String.format(java.util.Locale.ROOT, "FAILOVER leader=%s pid=%d ms=%d", leader, pid,
                TimeUnit.NANOSECONDS.toMillis(firstAck - t0));
    }

    private URI findLeader() throws IOException, InterruptedException {
        Map<String, URI> byId = new LinkedHashMap<>();
        String leaderId = null;
        for (URI u : pids.keySet()) {
            JsonNode id = JSON.readTree(send(HttpRequest.newBuilder(u.resolve("/id")).GET(), Duration.ofSeconds(5))
                    .body());
            byId.put(id.path("id").asText(), u);
            String l = id.path("raft").path("leader").asText("");
            if (!l.isEmpty()) {
                leaderId = l;
            }
        }
        if (leaderId == null || !byId.containsKey(leaderId)) {
            throw new IllegalStateException("no leader among " + byId.keySet() + " (reported: " + leaderId + ")");
        }
        return byId.get(leaderId);
    }

    private long writeUntilAcknowledged(URI peer, long t0) {
        long deadline = t0 + GIVE_UP.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String cid = Cid.v1(Codec.RAW, Multihash.sha256(("failover " + t0 + " " + peer + " " + attempt)
                    .getBytes(StandardCharsets.UTF_8))).toString();
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(peer.resolve("/pins/" + cid))
                        .POST(HttpRequest.BodyPublishers.noBody()), Duration.ofSeconds(60));
                if (r.statusCode() / 100 == 2) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // refused or reset while the cluster reorganises: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(peer + ": no write acknowledged within " + GIVE_UP);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, Duration timeout) throws IOException,
            InterruptedException {
        return http.send(b.timeout(timeout).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
