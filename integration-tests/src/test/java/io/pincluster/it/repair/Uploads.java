package io.pincluster.it.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Adds small, distinct files through {@code POST /add} (real content: the peers store and exchange its blocks),
 * spread over every peer, a few uploads at a time so two cores are not swamped.
 */
final class Uploads {
    /** Small enough to be one block, so a pin's copy on a peer is exactly one block file. */
    static final int FILE_BYTES = 2048;
    private static final int IN_FLIGHT = 4;

    /** One added file and the replication it was pinned with. */
    record AddedPin(String cid, int rfMin, int rfMax) {
    }

    private Uploads() {
    }

    /** Adds {@code count} files; file {@code k} is pinned with the replication {@code replicationOf.apply(k)}. */
    static List<AddedPin> add(TestCluster c, int count, String label, IntFunction<int[]> replicationOf)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<AddedPin>> pending = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int file = k;
                int[] rf = replicationOf.apply(k);
                RestClient via = c.peer(k % c.size()).client();
                pending.add(pool.submit(() -> addOne(via, label + "-" + file, rf[0], rf[1])));
            }
            List<AddedPin> added = new ArrayList<>();
            for (Future<AddedPin> f : pending) {
                added.add(f.get());
            }
            return added;
        } catch (ExecutionException e) {
            throw new AssertionError("an /add failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static AddedPin addOne(RestClient via, String name, int rfMin, int rfMax) {
        RestClient.Answer a = via.add(name, content(name),
                "replication-min=" + rfMin + "&replication-max=" + rfMax + "&name=" + name);
        if (!a.ok()) {
            throw new AssertionError("POST /add of " + name + " via " + via.base() + ": " + a.status() + " " + a.body());
        }
        List<JsonNode> lines = a.lines();
        JsonNode last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (last == null || last.path("cid").asText("").isEmpty()) {
            throw new AssertionError("POST /add of " + name + " via " + via.base() + " gave no CID: " + a.body());
        }
        return new AddedPin(last.path("cid").asText(), rfMin, rfMax);
    }

    /** {@link #FILE_BYTES} bytes that differ for every name (seeded by it, so a rerun adds the same CIDs). */
    private static byte[] content(String name) {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        byte[] label = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, Math.min(label.length, bytes.length));
        return bytes;
    }
}
