package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import java.util.Objects;

/**
 * A new peer asking a running one to add it to the cluster: who it is, where its Raft server listens and
 * where its peer RPC listens (both {@code host:port}).
 */
public record JoinRequest(PeerId peer, String peerName, String raftAddress, String rpcAddress) {
    public JoinRequest {
        Objects.requireNonNull(peer, "peer");
        peerName = peerName == null ? "" : peerName;
        raftAddress = raftAddress == null ? "" : raftAddress;
        rpcAddress = rpcAddress == null ? "" : rpcAddress;
    }
}
