package io.pincluster.rpc;

import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.protocol.PeerRpcMessages;
import io.pincluster.protocol.PeerTypes;
import java.util.ArrayList;
import java.util.List;

/** What peers say about themselves between domain form and messages: {@link PeerInfo} and {@link JoinRequest}. */
final class PeerInfoMapper {
    private PeerInfoMapper() {
    }

    static PeerTypes.PeerInfo toMessage(PeerInfo p) {
        PeerTypes.PeerInfo.Builder b = PeerTypes.PeerInfo.newBuilder()
                .setId(WireScalars.peerId(p.id()))
                .setPeerName(p.peerName())
                .addAllAddresses(p.addresses())
                .addAllClusterPeersAddresses(p.clusterPeersAddresses())
                .setVersion(p.version())
                .setCommit(p.commit())
                .setRpcProtocolVersion(p.rpcProtocolVersion())
                .setError(p.error())
                .setIpfs(PeerTypes.IpfsInfo.newBuilder()
                        .setId(p.ipfs().id())
                        .addAllAddresses(p.ipfs().addresses())
                        .setError(p.ipfs().error()));
        p.clusterPeers().forEach(peer -> b.addClusterPeers(peer.value()));
        PeerInfo.RaftInfo raft = p.raft();
        if (raft != null) {
            b.setRaft(PeerTypes.RaftInfo.newBuilder()
                    .setRole(raft.role())
                    .setTerm(raft.term())
                    .setCommitIndex(raft.commitIndex())
                    .setAppliedIndex(raft.appliedIndex())
                    .setLag(raft.lag())
                    .setLeader(WireScalars.peerId(raft.leader())));
        }
        return b.build();
    }

    /** A peer info names its peer: one without an ID is malformed. */
    static PeerInfo fromMessage(PeerTypes.PeerInfo m) {
        List<PeerId> clusterPeers = new ArrayList<>(m.getClusterPeersCount());
        m.getClusterPeersList().forEach(peer -> clusterPeers.add(WireScalars.requiredPeerId(peer, "cluster peer")));
        PeerTypes.IpfsInfo ipfs = m.getIpfs();
        PeerInfo.RaftInfo raft = null;
        if (m.hasRaft()) {
            PeerTypes.RaftInfo r = m.getRaft();
            raft = new PeerInfo.RaftInfo(r.getRole(), r.getTerm(), r.getCommitIndex(), r.getAppliedIndex(), r.getLag(),
                    WireScalars.optionalPeerId(r.getLeader()));
        }
        return new PeerInfo(WireScalars.requiredPeerId(m.getId(), "peer info"), m.getPeerName(), m.getAddressesList(),
                clusterPeers, m.getClusterPeersAddressesList(), m.getVersion(), m.getCommit(),
                m.getRpcProtocolVersion(), m.getError(),
                new PeerInfo.IpfsInfo(ipfs.getId(), ipfs.getAddressesList(), ipfs.getError()), raft);
    }

    static PeerRpcMessages.JoinRequest toMessage(JoinRequest j) {
        return PeerRpcMessages.JoinRequest.newBuilder()
                .setPeer(j.peer().value())
                .setPeerName(j.peerName())
                .setRaftAddress(j.raftAddress())
                .setRpcAddress(j.rpcAddress())
                .build();
    }

    static JoinRequest fromMessage(PeerRpcMessages.JoinRequest m) {
        return new JoinRequest(WireScalars.requiredPeerId(m.getPeer(), "join request"), m.getPeerName(),
                m.getRaftAddress(), m.getRpcAddress());
    }
}
