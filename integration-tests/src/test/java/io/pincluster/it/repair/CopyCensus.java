package io.pincluster.it.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Reads where pins' copies are through the cluster status API of one live peer: {@code GET /pins?cids=...}, which
 * asks each allocated peer in parallel (the same answer as {@code GET /pins/{cid}}, a batch of CIDs per request so
 * the readers do not load the two cores with one request per pin).
 */
public final class CopyCensus {
    /** CIDs per status request: a short URL, and a bounded fan-out on the answering peer. */
    static final int BATCH = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final TestCluster cluster;

    public CopyCensus(TestCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * The copies of {@code cids} (any number, asked in batches) as peer {@code via} reports them, with only the
     * peers in {@code live} counted as live; null when {@code via} did not answer every batch.
     */
    public Map<String, PinCopies> read(int via, List<String> cids, Set<Integer> live) {
        return read(via, cids, live, TIMEOUT);
    }

    /** As {@link #read(int, List, Set)}, each batch waiting at most {@code timeout} for its answer. */
    Map<String, PinCopies> read(int via, List<String> cids, Set<Integer> live, Duration timeout) {
        Map<String, PinCopies> out = new LinkedHashMap<>();
        for (int from = 0; from < cids.size(); from += BATCH) {
            List<String> batch = cids.subList(from, Math.min(cids.size(), from + BATCH));
            RestClient.Answer a = cluster.peer(via).client().call("GET", "/pins?cids=" + String.join(",", batch),
                    timeout);
            if (a.status() != 200) {
                return null;
            }
            for (JsonNode info : a.lines()) {
                PinCopies copies = parse(info, live, cluster::indexOf);
                out.put(copies.cid(), copies);
            }
        }
        return out;
    }

    /** Like {@link #read}, asking the live peers in turn until one answers; fails when none does. */
    public Map<String, PinCopies> readFromAnyLive(List<String> cids, Set<Integer> live) {
        for (int via : live) {
            Map<String, PinCopies> copies = read(via, cids, live);
            if (copies != null) {
                return copies;
            }
        }
        throw new AssertionError("no live peer of " + live + " answered GET /pins?cids=");
    }

    /** One {@code GlobalPinInfo} of the answer, peers named by {@code indexOf} (-1: not a peer of the test). */
    static PinCopies parse(JsonNode info, Set<Integer> live, ToIntFunction<String> indexOf) {
        Set<Integer> allocated = new HashSet<>();
        for (JsonNode id : info.path("allocations")) {
            allocated.add(indexOf.applyAsInt(id.asText()));
        }
        Map<Integer, String> statuses = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = info.path("peer_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int peer = indexOf.applyAsInt(e.getKey());
            if (peer >= 0) {
                statuses.put(peer, e.getValue().path("status").asText());
            }
        }
        return new PinCopies(info.path("cid").asText(), allocated, statuses, live);
    }
}
