package io.pincluster.service.exchange;

import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whom to ask for a pin's blocks, most likely holders first: the pin's allocated peers that report it
 * {@code pinned}, then its other allocated peers, then the peers named in its {@code origins} multiaddrs
 * ({@code .../p2p/<peer id>}), then every other cluster peer. Never this peer itself.
 */
public final class CandidatePeers {
    private final PeerId self;
    private final PeerRpc rpc;
    private final Supplier<Collection<PeerId>> clusterPeers;

    /**
     * @param clusterPeers the cluster's current members (the last resort)
     */
    public CandidatePeers(PeerId self, PeerRpc rpc, Supplier<Collection<PeerId>> clusterPeers) {
        this.self = self;
        this.rpc = rpc;
        this.clusterPeers = clusterPeers;
    }

    /** The order for {@code pin}; asks each allocated peer for its status (one RPC each). */
    public List<PeerId> forPin(Pin pin) {
        Set<PeerId> order = new LinkedHashSet<>();
        List<PeerId> notConfirmed = new ArrayList<>();
        for (PeerId p : pin.allocations()) {
            if (p.equals(self)) {
                continue;
            }
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
        anyPeer(order);
        return List.copyOf(order);
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
