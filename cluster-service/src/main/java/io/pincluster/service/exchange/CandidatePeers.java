package io.pincluster.service.exchange;

import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whom to ask for a pin's blocks, most likely holders first: the pin's allocated peers that report it
 * {@code pinned}, then its other allocated peers, then the peers named in its {@code origins} multiaddrs
 * ({@code .../p2p/<peer id>}), then other cluster peers. Never this peer itself, and never more than
 * {@code maxPeers}: one attempt at a pin whose content nobody has costs a bounded number of requests however large
 * the cluster. When the other cluster peers do not all fit, a different random few of them are asked each attempt.
 */
public final class CandidatePeers {
    private final PeerId self;
    private final PeerRpc rpc;
    private final Supplier<Collection<PeerId>> clusterPeers;
    private final int maxPeers;

    /** Without a bound on the peers asked (the gateway's reads of content no pin tells about). */
    public CandidatePeers(PeerId self, PeerRpc rpc, Supplier<Collection<PeerId>> clusterPeers) {
        this(self, rpc, clusterPeers, Integer.MAX_VALUE);
    }

    /**
     * @param clusterPeers the cluster's current members (the last resort)
     * @param maxPeers     the most peers {@link #forPin} names ({@code pin_tracker.fetch_peers})
     */
    public CandidatePeers(PeerId self, PeerRpc rpc, Supplier<Collection<PeerId>> clusterPeers, int maxPeers) {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("at least one peer must be asked, not " + maxPeers);
        }
        this.self = self;
        this.rpc = rpc;
        this.clusterPeers = clusterPeers;
        this.maxPeers = maxPeers;
    }

    /**
     * The order for {@code pin}, at most {@code maxPeers} long; asks each allocated peer (up to the bound) for its
     * status (one RPC each).
     */
    public List<PeerId> forPin(Pin pin) {
        Set<PeerId> order = new LinkedHashSet<>();
        List<PeerId> notConfirmed = new ArrayList<>();
        int allocatedAsked = 0;
        for (PeerId p : pin.allocations()) {
            if (p.equals(self) || allocatedAsked >= maxPeers) {
                continue;
            }
            allocatedAsked++;
            if (reportsPinned(p, pin)) {
                order.add(p);
            } else {
                notConfirmed.add(p);
            }
        }
        order.addAll(notConfirmed);
        for (String origin : pin.options().origins()) {
            peerOf(origin).filter(p -> !p.equals(self)).ifPresent(order::add);
        }
        List<PeerId> others = new ArrayList<>();
        clusterPeers.get().stream().filter(p -> !p.equals(self) && !order.contains(p)).sorted().forEach(others::add);
        if (order.size() + others.size() > maxPeers) {
            Collections.shuffle(others); // each attempt asks other peers than the last
        }
        order.addAll(others);
        return order.stream().limit(maxPeers).toList();
    }

    /**
     * The peers the leader names as holding a pin's content pinned (decision 0022), this peer left out, at most
     * {@code maxPeers}: no status question, no other peer. Empty when the leader said nobody holds it.
     */
    public List<PeerId> confirmed(List<PeerId> holders) {
        return holders.stream().filter(p -> !p.equals(self)).distinct().limit(maxPeers).toList();
    }

    /** Every cluster peer but this one, for content no pin tells about. */
    public List<PeerId> anyPeer() {
        Set<PeerId> order = new LinkedHashSet<>();
        anyPeer(order);
        return List.copyOf(order);
    }

    private void anyPeer(Set<PeerId> order) {
        clusterPeers.get().stream().filter(p -> !p.equals(self)).sorted().forEach(order::add);
    }

    private boolean reportsPinned(PeerId peer, Pin pin) {
        try {
            return rpc.status(peer, pin.cid()).status() == TrackerStatus.PINNED;
        } catch (ClusterException e) {
            return false; // still worth asking for blocks, after the peers that answered
        }
    }

    /** The peer ID in the {@code /p2p/} (or older {@code /ipfs/}) component of a multiaddr, if any. */
    static Optional<PeerId> peerOf(String multiaddr) {
        String[] parts = multiaddr.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("p2p") || parts[i].equals("ipfs")) {
                try {
                    return Optional.of(PeerId.parse(parts[i + 1]));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
