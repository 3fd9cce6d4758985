package io.pincluster.service.exchange;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers one fetch asks for blocks, in order, and what it learned about them. A peer that sent a block whose
 * hash does not match is not asked again in this fetch; nor is one that could not be reached (a retry of the
 * pin starts a new fetch and gives both another chance). Thread-safe: the fetch's parallel block requests share
 * it.
 */
final class PeerChoice {
    private static final Logger LOG = LoggerFactory.getLogger(PeerChoice.class);

    private final List<PeerId> order;
    private final Map<PeerId, String> excluded = new ConcurrentHashMap<>();

    PeerChoice(List<PeerId> order) {
        this.order = List.copyOf(order);
    }

    /**
     * Gets {@code cid} from the first peer, in order, that has it and sends exactly its bytes.
     *
     * @throws BlockUnavailableException no peer did
     */
    byte[] fetch(PeerRpc rpc, Cid cid) {
        List<String> asked = new ArrayList<>();
        for (PeerId peer : order) {
            String why = excluded.get(peer);
            if (why != null) {
                asked.add(peer + ": " + why);
                continue;
            }
            byte[] data;
            try {
                data = rpc.block(peer, cid);
            } catch (ClusterException e) {
                switch (e.code()) {
                    case NOT_FOUND -> asked.add(peer + ": not held");
                    default -> {
                        excluded.put(peer, "unreachable");
                        asked.add(peer + ": " + e.getMessage());
                    }
                }
                continue;
            }
            if (data != null && cid.multihash().matches(data)) {
                return data;
            }
            LOG.warn("peer {} sent data for block {} that does not match its hash; not asking it again in this fetch",
                    peer, cid);
            excluded.put(peer, "sent corrupt data");
            asked.add(peer + ": sent corrupt data");
        }
        throw new BlockUnavailableException(cid, String.join("; ", asked));
    }

    /** Peers this fetch stopped asking, with the reason. */
    Map<PeerId, String> excluded() {
        return Map.copyOf(excluded);
    }
}
