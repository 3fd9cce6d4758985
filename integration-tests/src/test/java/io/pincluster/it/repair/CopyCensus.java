package io.pincluster.it.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads where pins' copies are through the cluster status API of one live peer: {@code GET /pins?cids=...}, which
 * asks each allocated peer in parallel (the same answer as {@code GET /pins/{cid}}, a batch of CIDs per request so
 * the readers do not load the two cores with one request per pin).
 */
final class CopyCensus {
    /** CIDs per status request: a short URL, and a bounded fan-out on the answering peer. */
    static final int BATCH = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final TestCluster cluster;

    CopyCensus(TestCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * The copies of {@code cids} (any number, asked in batches) as peer {@code via} reports them, with only the
     * peers in {@code live} counted as live; null when {@code via} did not answer every batch.
     */
    Map<String, PinCopies> read(int via, List<String> cids, Set<Integer> live) {
        Map<String, PinCopies> out = new LinkedHashMap<>();
        for (int from = 0; from < cids.size(); from += BATCH) {
            List<String> batch = cids.subList(from, Math.min(cids.size(), from + BATCH));
            RestClient.Answer a = cluster.peer(via).client().call("GET", "/pins?cids=" + String.join(",", batch),
                    TIMEOUT);
            if (a.status() != 200) {
                return null;
            }
            for (JsonNode info : a.lines()) {
                PinCopies copies = parse(info, live);
                out.put(copies.cid(), copies);
            }
        }
        return out;
    }

    /** Like {@link #read}, asking the live peers in turn until one answers; fails when none does. */
    Map<String, PinCopies> readFromAnyLive(List<String> cids, Set<Integer> live) {
        for (int via : live) {
            Map<String, PinCopies> copies = read(via, cids, live);
            if (copies != null) {
                return copies;
            }
        }
        throw new AssertionError("no live peer of " + live + " answered GET /pins?cids=");
    }

    private PinCopies parse(JsonNode info, Set<Integer> live) {
        Set<Integer> allocated = new HashSet<>();
        for (JsonNode id : info.path("allocations")) {
            allocated.add(cluster.indexOf(id.asText()));
        }
        Set<Integer> pinned = new HashSet<>();
        Set<Integer> unanswered = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = info.path("peer_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int peer = cluster.indexOf(e.getKey());
            if (!live.contains(peer)) {
                continue;
            }
            String status = e.getValue().path("status").asText();
            if (status.equals("pinned")) {
                pinned.add(peer);
            } else if (status.equals("cluster_error") && allocated.contains(peer)) {
                unanswered.add(peer);
            }
        }
        return new PinCopies(info.path("cid").asText(), allocated, pinned, unanswered);
    }
}
