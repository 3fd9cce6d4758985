package io.pincluster.service.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code ping}: the liveness beacon. Its value is ipfs-cluster's JSON string
 * {@code {"peer_name","ipfs_id","ipfs_addresses"}}; we add {@code addresses}, the peer's own cluster
 * addresses, so any peer can show where the others listen.
 */
public final class PingInformer implements Informer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PeerId self;
    private final String peerName;
    private final List<String> addresses;
    private final Supplier<PeerInfo.IpfsInfo> ipfs;

    /** @param ipfs the block store's identity, asked at every round (it may be unreachable for a while) */
    public PingInformer(PeerId self, String peerName, List<String> addresses, Supplier<PeerInfo.IpfsInfo> ipfs) {
        this.self = self;
        this.peerName = peerName;
        this.addresses = List.copyOf(addresses);
        this.ipfs = ipfs;
    }

    @Override
    public List<Metric> collect(Instant expire) {
        return List.of(new Metric(MetricNames.PING, self, value(), 0, false, expire, null));
    }

    String value() {
        ObjectNode o = JSON.createObjectNode();
        o.put("peer_name", peerName);
        PeerInfo.IpfsInfo info = null;
        try {
            info = ipfs.get();
        } catch (RuntimeException e) {
            // The ping says the cluster peer is alive; an unreachable block store must not silence it.
        }
        o.put("ipfs_id", info == null || info.id() == null ? "" : info.id());
        o.putPOJO("ipfs_addresses", info == null || info.addresses() == null ? List.of() : info.addresses());
        o.putPOJO("addresses", addresses);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
