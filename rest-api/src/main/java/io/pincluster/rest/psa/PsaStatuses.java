package io.pincluster.rest.psa;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the spec's {@code status} and {@code delegates} say for a CID, from the cluster: the status of the CID on
 * every peer, and the multiaddrs of the peers it is allocated to.
 */
final class PsaStatuses {
    /** The spec's four statuses. */
    static final Set<String> ALL = Set.of("queued", "pinning", "pinned", "failed");
    /** The spec allows at most 20 delegates. */
    private static final int MAX_DELEGATES = 20;
    /** Peers' addresses change rarely; asking every peer for each list would cost a round of RPC per request. */
    private static final Duration PEERS_FRESH_FOR = Duration.ofSeconds(30);

    /** The answer for one CID. */
    record CidState(String status, List<String> delegates) {
    }

    private final StatusApi status;
    private final PeerApi peers;
    private final Clock clock;
    private volatile Map<PeerId, List<String>> addresses = Map.of();
    private volatile Instant addressesAt = Instant.MIN;

    PsaStatuses(StatusApi status, PeerApi peers, Clock clock) {
        this.status = status;
        this.peers = peers;
        this.clock = clock;
    }

    /** The state of each of {@code cids} (one cluster status call for all of them). */
    Map<Cid, CidState> of(Collection<Cid> cids) {
        Map<Cid, CidState> out = new HashMap<>();
        if (cids.isEmpty()) {
            return out;
        }
        Map<PeerId, List<String>> known = peerAddresses();
        try (Stream<GlobalPinInfo> infos = status.statusAll(Set.of(), List.copyOf(new LinkedHashSet<>(cids)),
                false)) {
            infos.forEach(info -> out.put(info.cid(), new CidState(statusOf(info), delegates(info, known))));
        }
        for (Cid cid : cids) {
            out.computeIfAbsent(cid, c -> new CidState("queued", delegates(null, known)));
        }
        return out;
    }

    /** The cluster's statuses on every peer folded into one (the status index folds them the same way). */
    static String statusOf(GlobalPinInfo info) {
        return io.pincluster.core.psa.PsaStatusIndex.statusOf(info);
    }

    /**
     * The multiaddrs of the peers the CID is allocated to (every peer for a pin on every peer): their block store's
     * addresses when it has any, else the peer's own. Never empty (the spec requires one): a cluster without
     * known addresses answers {@code /p2p/<peer>} of each peer.
     */
    private static List<String> delegates(GlobalPinInfo info, Map<PeerId, List<String>> known) {
        Collection<PeerId> holders = info == null || info.allocations().isEmpty() ? known.keySet()
                : info.allocations();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (PeerId peer : holders) {
            List<String> addrs = known.getOrDefault(peer, List.of());
            if (addrs.isEmpty()) {
                out.add("/p2p/" + peer);
            } else {
                out.addAll(addrs);
            }
            if (out.size() >= MAX_DELEGATES) {
                break;
            }
        }
        if (out.isEmpty() && info != null) {
            info.peerMap().keySet().forEach(p -> out.add("/p2p/" + p));
        }
        if (out.isEmpty()) {
            out.add("/p2p/unknown");
        }
        return new ArrayList<>(out).subList(0, Math.min(out.size(), MAX_DELEGATES));
    }

    private Map<PeerId, List<String>> peerAddresses() {
        Instant now = clock.instant();
        if (addressesAt.plus(PEERS_FRESH_FOR).isAfter(now) && !addresses.isEmpty()) {
            return addresses;
        }
        Map<PeerId, List<String>> fresh = new java.util.TreeMap<>();
        try (Stream<PeerInfo> all = peers.peers()) {
            all.forEach(p -> {
                List<String> ipfs = p.ipfs().addresses();
                List<String> own = ipfs.isEmpty() ? p.addresses() : ipfs;
                fresh.put(p.id(), own.stream().map(a -> withPeer(a, p)).toList());
            });
        }
        addresses = fresh;
        addressesAt = now;
        return fresh;
    }

    /** A delegate must name the peer: {@code /p2p/<id>} is appended to an address that does not end with one. */
    private static String withPeer(String address, PeerInfo peer) {
        if (address.contains("/p2p/") || address.contains("/ipfs/")) {
            return address;
        }
        String id = peer.ipfs().addresses().isEmpty() || peer.ipfs().id().isEmpty() ? peer.id().toString()
                : peer.ipfs().id();
        return address + "/p2p/" + id;
    }
}
