package io.pincluster.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12's repair benchmark, as an operator would live it: {@code --files} small real files are added through
 * {@code POST /add} with replication 2-2 (spread over the peers, 16 at a time; so that every pin on the killed peer
 * drops below its minimum and needs a repair), the cluster settles (no tracker has anything queued,
 * pinning or failed), then the follower at {@code --victim} is {@code kill -9}ed. The probe polls the leader's
 * {@code GET /health/repair} every 100 ms and every peer's tracker gauges, and prints:
 *
 * <ul>
 *   <li>{@code detect_ms}: kill until the leader judges the peer {@code down} (from the state's {@code since});</li>
 *   <li>{@code commit_ms}: kill until nothing is under-replicated, queued or in flight on the leader (every
 *       re-allocation committed: the leader's {@code repaired} count grew by the number of pins allocated to the
 *       killed peer and nothing is queued or in flight), and {@code repaired}, that growth;</li>
 *   <li>{@code pinned_ms}: kill until every live tracker is empty again and a sample of up to 200 of the killed
 *       peer's pins shows 2 {@code pinned} copies in {@code GET /pins/{cid}} (every new copy {@code pinned});</li>
 *   <li>{@code leader_cpu}: the leader process' CPU time over that span divided by it (cores);</li>
 *   <li>{@code user_writes_during_commit}: from the kill until every re-allocation is committed, one user pins an
 *       inline CID through the leader every 200 ms ({@link UserWriteSampler}): how long a user's write
 *       waits while the repair's re-allocations go through the same log.</li>
 * </ul>
 *
 * <p>{@code --add-only true} stops once the files are added and the cluster settled (the script then saves the
 * stopped cluster's folders); {@code --files 0} on a cluster started from such a copy times the repair without
 * adding again, so each repair experiment costs a minute instead of the adding's twenty.
 *
 * <pre>
 * java -cp benchmarks.jar io.pincluster.bench.load.RepairProbe --password P --files 100000 --victim 3 \
 *     --peer http://127.0.0.1:9094,http://127.0.0.1:9100/metrics,/tmp/w/peer-0 --peer ...
 * </pre>
 */
public final class RepairProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration GIVE_UP = Duration.ofMinutes(30);
    private static final int FILE_BYTES = 1024;
    private static final int SAMPLE = 200;
    private static final int IN_FLIGHT = 16;

    /** One peer: its REST API, its Prometheus endpoint and its folder (where {@code up} writes peer.pid). */
    private record Peer(URI rest, URI metrics, Path dir) {
        long pid() throws IOException {
            return Long.parseLong(Files.readString(dir.resolve("peer.pid")).strip());
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;
    private final List<Peer> peers;

    /** Where the leader's flight recording of the repair goes (kill to every copy pinned); null: none. */
    private final Path jfr;
    /** The number of the first file added: a warm-up on a saved cluster adds files it does not hold yet. */
    private final int first;

    private RepairProbe(String password, List<Peer> peers, Path jfr, int first) {
        this.jfr = jfr;
        this.first = first;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.peers = peers;
    }

    public static void main(String[] args) throws Exception {
        List<Peer> peers = new ArrayList<>();
        String password = System.getenv("PINCLUSTER_PASSWORD");
        int files = 100_000;
        int first = 0;
        int victim = -1;
        boolean addOnly = false;
        Path jfr = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--peer" -> {
                    String[] p = args[i + 1].split(",", 3);
                    peers.add(new Peer(URI.create(p[0]), URI.create(p[1]), Path.of(p[2])));
                }
                case "--password" -> password = args[i + 1];
                case "--files" -> files = Integer.parseInt(args[i + 1]);
                case "--first" -> first = Integer.parseInt(args[i + 1]);
                case "--victim" -> victim = Integer.parseInt(args[i + 1]);
                case "--jfr" -> jfr = Path.of(args[i + 1]);
                case "--add-only" -> addOnly = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (peers.size() < 3 || password == null) {
            throw new IllegalArgumentException("need --password and at least 3 --peer REST,METRICS,DIR");
        }
        new RepairProbe(password, peers, jfr, first).run(files, victim, addOnly);
    }

    /**
     * Adds {@code files} (none: the cluster was started from a saved copy that has them), waits until the cluster
     * settles, and unless {@code addOnly} kills a follower and times the repair.
     */
    private void run(int files, int victimIndex, boolean addOnly) throws Exception {
        long addStart = System.nanoTime();
        add(files);
        double addSeconds = (System.nanoTime() - addStart) / 1e9;
        if (files > 0) {
            System.out.printf(Locale.ROOT, "added %d files in %.1f s (%.0f/s)%n", files, addSeconds,
                    files / addSeconds);
        }
        await("the cluster settles", () -> trackersEmpty(peers));
        if (addOnly) {
            return;
        }

        int leader = leaderIndex();
        int victim = victimIndex >= 0 ? victimIndex : (leader + 1) % peers.size();
        if (victim == leader) {
            throw new IllegalStateException("peer " + victim + " is the leader; pick a follower");
        }
        String victimId = get(peers.get(victim).rest().resolve("/id")).path("id").asText();
        long leaderPid = peers.get(leader).pid();
        long repairedBefore = repair(leader).path("repaired").asLong();
        List<String> victimPins = allocatedTo(leader, victimId);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < victimPins.size(); i += Math.max(1, victimPins.size() / SAMPLE)) {
            sample.add(victimPins.get(i));
        }
        System.out.println("peer " + victim + " holds " + victimPins.size() + " of the pins");
        List<Peer> live = new ArrayList<>(peers);
        live.remove(victim);

        if (jfr != null) {
            jcmd(leaderPid, "JFR.start", "name=repair", "settings=profile", "filename=" + jfr.toAbsolutePath());
        }
        Map<String, double[]> stagesBefore = writeStages(peers.get(leader));
        long cpuBefore = cpuTicks(leaderPid);
        Instant killedAt = Instant.now();
        long t0 = System.nanoTime();
        UserWriteSampler userWrites = new UserWriteSampler(peers.get(leader).rest(), authorization,
                Duration.ofMillis(200));
        kill(peers.get(victim).pid());
        System.out.println("killed peer " + victim + " (" + victimId + "); leader is peer " + leader);

        await("the leader judges the peer down", () -> "down".equals(repair(leader).path("peers")
                .path(victimId).path("state").asText()));
        Instant downSince = Instant.parse(repair(leader).path("peers").path(victimId).path("since").asText());
        long[] nextTrace = {0};
        await("every re-allocation committed", () -> {
            JsonNode r = repair(leader);
            long sinceKill = (System.nanoTime() - t0) / 1_000_000;
            if (sinceKill >= nextTrace[0]) { // the commit's progress once a second: where the time goes
                nextTrace[0] = sinceKill + 1000;
                System.out.printf(Locale.ROOT, "  %5.1f s: repaired %d, queued %d, in flight %d, under %d%n",
                        sinceKill / 1000.0, r.path("repaired").asLong() - repairedBefore, r.path("queued").asLong(),
                        r.path("in_flight").asLong(), r.path("under_replicated").asLong());
            }
            return r.path("repaired").asLong() - repairedBefore >= victimPins.size()
                    && r.path("queued").asLong() == 0 && r.path("in_flight").asLong() == 0;
        });
        long commitNanos = System.nanoTime() - t0;
        userWrites.close();
        Map<String, double[]> stagesAfter = writeStages(peers.get(leader));
        long repaired = repair(leader).path("repaired").asLong() - repairedBefore;
        await("every new copy pinned", () -> {
            for (var it = sample.iterator(); it.hasNext(); ) {
                if (pinnedCopies(leader, it.next()) >= 2) {
                    it.remove();
                }
            }
            return sample.isEmpty() && trackersEmpty(live);
        });
        long pinnedNanos = System.nanoTime() - t0;
        double leaderCpu = (cpuTicks(leaderPid) - cpuBefore) / 100.0 / (pinnedNanos / 1e9);
        if (jfr != null) {
            jcmd(leaderPid, "JFR.stop", "name=repair");
            System.out.println("leader's flight recording: " + jfr);
        }

        System.out.printf(Locale.ROOT, "RESULT repair files=%d detect_ms=%d commit_ms=%d repaired=%d pinned_ms=%d"
                        + " leader_cpu=%.2f%n", files, Duration.between(killedAt, downSince).toMillis(),
                commitNanos / 1_000_000, repaired, pinnedNanos / 1_000_000, leaderCpu);
        System.out.println("RESULT user_writes_during_commit " + userWrites.summary());
        System.out.println("RESULT leader_write_stages_during_commit " + stageSummary(stagesBefore, stagesAfter));
    }

    private static final List<String> STAGES = List.of("queued", "submit_local", "decide", "commit", "apply");

    /**
     * The leader's write-stage meter ({@code pincluster_pinset_write_stage_seconds}): per stage its count and its
     * seconds so far. Read at the kill and once every re-allocation is committed, the difference says where the
     * commit's time went: how many log entries the repair took, and each stage's mean per entry (per request for
     * {@code queued}).
     */
    private Map<String, double[]> writeStages(Peer peer) throws IOException, InterruptedException {
        String text = text(peer.metrics());
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (String stage : STAGES) {
            String label = "{stage=\"" + stage + "\"} ";
            double count = 0;
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("pincluster_pinset_write_stage_seconds_count" + label)) {
                    count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("pincluster_pinset_write_stage_seconds_sum" + label)) {
                    sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            out.put(stage, new double[] {count, sum});
        }
        return out;
    }

    private static String stageSummary(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder line = new StringBuilder();
        for (String stage : STAGES) {
            double n = after.get(stage)[0] - before.get(stage)[0];
            double seconds = after.get(stage)[1] - before.get(stage)[1];
            line.append(String.format(Locale.ROOT, "%s=%d/%.2fs(mean %.0f ms) ", stage, (long) n, seconds,
                    n == 0 ? 0 : seconds * 1000 / n));
        }
        return line.toString().strip();
    }

    /**
     * Adds {@code files} distinct 1 KiB files through {@code POST /add}, round-robin over the peers. An add that fails
     * (a timeout on a loaded machine, a 503) is retried afterwards, up to three times, as a client would; the reasons
     * are printed.
     */
    private void add(int files) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        Queue<Integer> failed = new ConcurrentLinkedQueue<>();
        Map<String, Integer> reasons = new ConcurrentHashMap<>();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            todo.add(i);
        }
        for (int attempt = 1; attempt <= 3 && !todo.isEmpty(); attempt++) {
            for (int i : todo) {
                slots.acquire();
                http.sendAsync(addRequest(i), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        failed.add(i);
                        String why = e != null ? e.getClass().getSimpleName()
                                : r.statusCode() + " " + r.body().substring(0, Math.min(80, r.body().length()));
                        reasons.merge(why, 1, Integer::sum);
                    }
                    slots.release();
                });
            }
            slots.acquire(IN_FLIGHT);
            slots.release(IN_FLIGHT);
            todo = new ArrayList<>(failed);
            failed.clear();
            if (!todo.isEmpty()) {
                System.out.println("attempt " + attempt + ": " + todo.size() + " adds failed " + reasons);
                reasons.clear();
            }
        }
        if (!todo.isEmpty()) {
            throw new IllegalStateException(todo.size() + " of " + files + " adds failed three times");
        }
    }

    private HttpRequest addRequest(int index) {
        int i = first + index;
        String boundary = "repair-bench-boundary";
        byte[] body = multipart(boundary, "file-" + i, content(i));
        URI url = peers.get(i % peers.size()).rest()
                .resolve("/add?quieter=true&replication-min=2&replication-max=2");
        return HttpRequest.newBuilder(url).header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] content(int i) {
        byte[] b = new byte[FILE_BYTES];
        byte[] label = ("repair-bench file " + i + "\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, b, 0, label.length);
        for (int k = label.length; k < b.length; k++) {
            b[k] = (byte) ('a' + (i * 31 + k) % 26);
        }
        return b;
    }

    private static byte[] multipart(String boundary, String name, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    /** True when no tracker of {@code among} has a pin queued, pinning or failed. */
    private boolean trackersEmpty(List<Peer> among) throws IOException, InterruptedException {
        for (Peer p : among) {
            String text = text(p.metrics());
            for (String gauge : List.of("pincluster_pins_pin_queued", "pincluster_pins_pinning",
                    "pincluster_pins_pin_error")) {
                if (gaugeValue(text, gauge) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double gaugeValue(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in the metrics");
    }

    /** The peer whose repair planner runs: {@code GET /health/repair} says {@code "leader": true} on the leader. */
    private int leaderIndex() throws IOException, InterruptedException {
        for (int i = 0; i < peers.size(); i++) {
            if (repair(i).path("leader").asBoolean()) {
                return i;
            }
        }
        throw new IllegalStateException("no peer says it leads in GET /health/repair");
    }

    /** The CIDs the leader's pinset allocates to {@code peer}, from the {@code GET /allocations} stream. */
    private List<String> allocatedTo(int leader, String peer) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(text(peers.get(leader).rest()
                .resolve("/allocations")))) {
            while (values.hasNext()) {
                JsonNode pin = values.next();
                for (JsonNode a : pin.path("allocations")) {
                    if (a.asText().equals(peer)) {
                        out.add(pin.path("cid").asText());
                    }
                }
            }
        }
        return out;
    }

    private int pinnedCopies(int leader, String cid) throws IOException, InterruptedException {
        int pinned = 0;
        for (JsonNode info : get(peers.get(leader).rest().resolve("/pins/" + cid)).path("peer_map")) {
            pinned += "pinned".equals(info.path("status").asText()) ? 1 : 0;
        }
        return pinned;
    }

    private JsonNode repair(int leader) throws IOException, InterruptedException {
        return get(peers.get(leader).rest().resolve("/health/repair"));
    }

    private JsonNode get(URI url) throws IOException, InterruptedException {
        return JSON.readTree(text(url));
    }

    private String text(URI url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** CPU time (user + system) of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed");
        }
    }

    private static void kill(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -9 " + pid + " failed");
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }
}
