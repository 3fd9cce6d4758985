package io.pincluster.it.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The links between the peers of a {@link TestCluster}: for every ordered pair (from, to) a {@link LinkProxy} that
 * forwards to the real port of {@code to} (one network for Raft, one for the cluster RPC). Each peer's {@code service.json} lists its neighbours at the proxies
 * of its own outgoing links, so cutting both directions of a pair separates exactly those two peers. (Ratis keeps the
 * first address it learns for a peer id, so a peer keeps dialling its own links even after it has seen another peer's
 * view of the group in the log.)
 */
final class PeerNetwork implements AutoCloseable {
    private final LinkProxy[][] links;

    private PeerNetwork(LinkProxy[][] links) {
        this.links = links;
    }

    /** Opens a proxy for every ordered pair of distinct peers; {@code raftPorts[i]} is where peer i really listens. */
    static PeerNetwork open(int[] raftPorts) throws IOException {
        int n = raftPorts.length;
        LinkProxy[][] links = new LinkProxy[n][n];
        PeerNetwork net = new PeerNetwork(links);
        try {
            for (int from = 0; from < n; from++) {
                for (int to = 0; to < n; to++) {
                    if (from != to) {
                        links[from][to] = LinkProxy.open(from + "->" + to, raftPorts[to]);
                    }
                }
            }
            return net;
        } catch (IOException e) {
            net.close();
            throw e;
        }
    }

    /** The loopback port peer {@code from} dials to reach peer {@code to}. */
    int port(int from, int to) {
        return links[from][to].port();
    }

    /** Cuts every link between {@code side} and the other peers (both directions); links inside each side stay. */
    void partition(Set<Integer> side) {
        for (int a = 0; a < links.length; a++) {
            for (int b = 0; b < links.length; b++) {
                if (a != b && side.contains(a) != side.contains(b)) {
                    links[a][b].cut();
                }
            }
        }
    }

    void healAll() {
        for (LinkProxy[] row : links) {
            for (LinkProxy l : row) {
                if (l != null) {
                    l.restore();
                }
            }
        }
    }

    /** The cut links, e.g. {@code [0->2, 2->0]}; empty when the network is whole. */
    String describeCuts() {
        List<String> cuts = new ArrayList<>();
        for (LinkProxy[] row : links) {
            for (LinkProxy l : row) {
                if (l != null && l.isCut()) {
                    cuts.add(l.toString());
                }
            }
        }
        return cuts.isEmpty() ? "none" : String.join(", ", cuts);
    }

    static Set<Integer> setOf(int... peers) {
        return IntStream.of(peers).boxed().collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        for (LinkProxy[] row : links) {
            for (LinkProxy l : row) {
                if (l != null) {
                    l.close();
                }
            }
        }
    }
}
