package io.pincluster.it.repair;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where one pin's copies stood in one status answer ({@code GET /pins?cids=}), by peer index: which peers it is
 * allocated to, which live peers reported it {@code pinned}, and which live allocated peers gave no usable answer
 * ({@code cluster_error}, e.g. a peer too slow under load). A peer the test has killed is never live: its copy does
 * not count, whatever an answer says.
 */
record PinCopies(String cid, Set<Integer> allocatedTo, Set<Integer> pinnedOnLive, Set<Integer> unansweredLive) {
    PinCopies {
        allocatedTo = Set.copyOf(allocatedTo);
        pinnedOnLive = Set.copyOf(pinnedOnLive);
        unansweredLive = Set.copyOf(unansweredLive);
    }

    /** No live peer has it pinned, and every live peer allocated it answered: a sure zero, not a slow peer. */
    boolean surelyNoLiveCopy() {
        return pinnedOnLive.isEmpty() && unansweredLive.isEmpty();
    }

    /** The same reading with only the peers in {@code live} counted as live. */
    PinCopies amongLive(Set<Integer> live) {
        return new PinCopies(cid, allocatedTo, pinnedOnLive.stream().filter(live::contains).collect(Collectors.toSet()),
                unansweredLive.stream().filter(live::contains).collect(Collectors.toSet()));
    }

    /** The zones of the live peers that hold it pinned. */
    Set<String> liveZones(List<String> zones) {
        return pinnedOnLive.stream().map(zones::get).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "peer-1 (a), peer-3 (b)": peers named with their zone, for failure messages. */
    static String describe(Set<Integer> peers, List<String> zones) {
        return peers.stream().sorted().map(i -> i < 0 ? "a peer unknown to the test"
                : "peer-" + i + (zones.isEmpty() ? "" : " (" + zones.get(i) + ")"))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
