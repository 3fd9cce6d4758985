package io.pincluster.it.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The pinset's allocations as one peer's replica holds them ({@code GET /allocations}), by peer index. */
final class Allocations {
    private Allocations() {
    }

    /** CID → the indexes of the peers it is allocated to; null when {@code via} does not answer. */
    static Map<String, Set<Integer>> read(TestCluster c, int via) {
        RestClient.Answer a = c.peer(via).client().call("GET", "/allocations", Duration.ofSeconds(30));
        if (!a.ok()) {
            return null;
        }
        Map<String, Set<Integer>> out = new TreeMap<>();
        for (JsonNode pin : a.lines()) {
            Set<Integer> peers = new TreeSet<>();
            pin.path("allocations").forEach(id -> peers.add(c.indexOf(id.asText())));
            out.put(pin.path("cid").asText(), peers);
        }
        return out;
    }

    /** The peer of {@code among} with the most pins allocated to it. */
    static int mostAllocated(Map<String, Set<Integer>> allocations, Set<Integer> among) {
        return among.stream().max(Comparator.comparingLong(i -> allocations.values().stream()
                .filter(peers -> peers.contains(i)).count())).orElseThrow();
    }

    /** How many pins are allocated to {@code peer}. */
    static long countOn(Map<String, Set<Integer>> allocations, int peer) {
        return allocations.values().stream().filter(peers -> peers.contains(peer)).count();
    }
}
