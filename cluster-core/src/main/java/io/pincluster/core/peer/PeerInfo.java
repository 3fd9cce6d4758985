package io.pincluster.core.peer;

import java.util.List;

/**
 * What a peer says about itself ({@code /id}, {@code /peers}): ipfs-cluster's ID object plus the peer's
 * view of the Raft log. {@code error} is set, and most fields empty, for a peer that could not be asked.
 */
public record PeerInfo(PeerId id, String peerName, List<String> addresses, List<PeerId> clusterPeers,
                       List<String> clusterPeersAddresses, String version, String commit,
                       String rpcProtocolVersion, String error, IpfsInfo ipfs, RaftInfo raft) {
    public PeerInfo {
        peerName = peerName == null ? "" : peerName;
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        clusterPeers = clusterPeers == null ? List.of() : List.copyOf(clusterPeers);
        clusterPeersAddresses = clusterPeersAddresses == null ? List.of() : List.copyOf(clusterPeersAddresses);
        version = version == null ? "" : version;
        commit = commit == null ? "" : commit;
        rpcProtocolVersion = rpcProtocolVersion == null ? "" : rpcProtocolVersion;
        error = error == null ? "" : error;
        ipfs = ipfs == null ? IpfsInfo.NONE : ipfs;
    }

    /** A peer that could not be reached. */
    public static PeerInfo unreachable(PeerId id, String error) {
        return new PeerInfo(id, "", List.of(), List.of(), List.of(), "", "", "", error, IpfsInfo.NONE, null);
    }

    /** The block store this peer drives, as ipfs-cluster's {@code ipfs} object. */
    public record IpfsInfo(String id, List<String> addresses, String error) {
        public static final IpfsInfo NONE = new IpfsInfo("", List.of(), "");

        public IpfsInfo {
            id = id == null ? "" : id;
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            error = error == null ? "" : error;
        }
    }

    /** The peer's Raft state; {@code lag} is the leader's commit index minus this peer's applied index. */
    public record RaftInfo(String role, long term, long commitIndex, long appliedIndex, long lag, PeerId leader) {
    }
}
