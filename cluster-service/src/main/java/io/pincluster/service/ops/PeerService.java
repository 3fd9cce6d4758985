package io.pincluster.service.ops;

import io.pincluster.core.component.Consensus;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What this peer says about itself and the cluster ({@code /id}, {@code /peers}). Other peers cannot be asked yet
 * (cluster RPC comes later), so they are listed with an error; membership changes are not available yet either.
 */
public final class PeerService {
    /** The version reported by {@code /id} and {@code /version}. */
    public static final String VERSION = "0.1.0";
    static final String RPC_PROTOCOL = "/pincluster/0.1/rpc";
    static final String NOT_REACHABLE = "peer info not available yet: cluster RPC is not implemented";

    private final PeerId self;
    private final String peerName;
    private final List<String> addresses;
    private final Consensus consensus;
    private final NodeConnector connector;

    /**
     * @param addresses this peer's cluster addresses as multiaddrs (e.g. {@code /ip4/127.0.0.1/tcp/9098/p2p/<id>})
     */
    public PeerService(PeerId self, String peerName, List<String> addresses, Consensus consensus,
                       NodeConnector connector) {
        this.self = self;
        this.peerName = peerName;
        this.addresses = List.copyOf(addresses);
        this.consensus = consensus;
        this.connector = connector;
    }

    public PeerId self() {
        return self;
    }

    public String peerName() {
        return peerName;
    }

    public PeerInfo id() {
        List<PeerId> members = consensus.peers();
        return new PeerInfo(self, peerName, addresses, members, List.of(), VERSION, "", RPC_PROTOCOL, "",
                connector.id(), consensus.raftInfo());
    }

    public Stream<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        out.add(id());
        consensus.peers().stream().filter(p -> !p.equals(self)).sorted()
                .forEach(p -> out.add(PeerInfo.unreachable(p, NOT_REACHABLE)));
        return out.stream();
    }

    public PeerInfo addPeer(PeerId peer) {
        throw new ClusterException(ErrorCode.UNAVAILABLE, "adding peers is not implemented yet");
    }

    public void removePeer(PeerId peer) {
        throw new ClusterException(ErrorCode.UNAVAILABLE, "removing peers is not implemented yet");
    }
}
