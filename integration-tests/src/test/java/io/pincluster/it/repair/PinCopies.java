package io.pincluster.it.repair;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where one pin's copies stood in one status answer ({@code GET /pins?cids=}), by peer index: which peers it is
 * allocated to, the status each peer reported, and which peers were live. Only a live peer's {@code pinned} is a
 * live copy: a peer the test has killed never counts, whatever an answer says about it.
 *
 * @param allocatedTo the pin's allocations (-1 for a peer ID the test does not know)
 * @param statuses    each peer's status in the answer's {@code peer_map} ({@code pinned}, {@code pin_queued},
 *                    {@code cluster_error}, {@code remote}, ...)
 * @param live        the peers the test had running for the whole request
 */
public record PinCopies(String cid, Set<Integer> allocatedTo, Map<Integer, String> statuses, Set<Integer> live) {
    public PinCopies {
        allocatedTo = Set.copyOf(allocatedTo);
        statuses = Map.copyOf(statuses);
        live = Set.copyOf(live);
    }

    /** The live peers that reported the pin {@code pinned}. */
    public Set<Integer> pinnedOnLive() {
        return live.stream().filter(i -> "pinned".equals(statuses.get(i))).collect(Collectors.toSet());
    }

    /** The live allocated peers that gave no usable answer ({@code cluster_error}: e.g. too slow under load). */
    Set<Integer> unansweredLive() {
        return live.stream().filter(allocatedTo::contains).filter(i -> "cluster_error".equals(statuses.get(i)))
                .collect(Collectors.toSet());
    }

    /** No live peer has it pinned, and every live peer allocated it answered: a sure zero, not a slow peer. */
    boolean surelyNoLiveCopy() {
        return pinnedOnLive().isEmpty() && unansweredLive().isEmpty();
    }

    /** The same reading with only the peers also in {@code stillLive} counted as live. */
    PinCopies amongLive(Set<Integer> stillLive) {
        return new PinCopies(cid, allocatedTo, statuses, live.stream().filter(stillLive::contains)
                .collect(Collectors.toSet()));
    }

    /** The zones of the live peers that hold it pinned. */
    Set<String> liveZones(List<String> zones) {
        return pinnedOnLive().stream().map(zones::get).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "[peer-2: pin_queued, peer-4 (down): pinned]": what each allocated peer reported, for failure messages. */
    public String allocatedStatuses() {
        Map<Integer, String> byPeer = new TreeMap<>();
        allocatedTo.forEach(i -> byPeer.put(i, statuses.getOrDefault(i, "(not in the answer)")));
        return byPeer.entrySet().stream().map(e -> name(e.getKey()) + (live.contains(e.getKey()) ? "" : " (down)")
                + ": " + e.getValue()).collect(Collectors.joining(", ", "[", "]"));
    }

    /** "[peer-1 (a), peer-3 (b)]": peers named with their zone, for failure messages. */
    static String describe(Set<Integer> peers, List<String> zones) {
        return peers.stream().sorted().map(i -> name(i) + (i < 0 || zones.isEmpty() ? "" : " (" + zones.get(i) + ")"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String name(int peer) {
        return peer < 0 ? "a peer unknown to the test" : "peer-" + peer;
    }
}
