package io.pincluster.core.state;

import io.pincluster.core.peer.PeerId;
import java.util.Objects;

/**
 * One entry of the replicated peer directory: how to reach a peer that is (or was) a cluster member.
 *
 * @param id          the peer
 * @param name        its human-readable name ({@code peername}); may be empty
 * @param raftAddress {@code host:port} of its Raft server; may be empty when not known yet
 * @param rpcAddress  {@code host:port} of its cluster RPC; may be empty when not known yet
 * @param removed     true once the peer was removed from the cluster: it must not come back as a voter
 *                    without being added again
 */
public record PeerRecord(PeerId id, String name, String raftAddress, String rpcAddress, boolean removed) {
    public PeerRecord {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        raftAddress = raftAddress == null ? "" : raftAddress;
        rpcAddress = rpcAddress == null ? "" : rpcAddress;
    }

    /** A live member's record. */
    public static PeerRecord member(PeerId id, String name, String raftAddress, String rpcAddress) {
        return new PeerRecord(id, name, raftAddress, rpcAddress, false);
    }

    /** The same peer marked as removed; its addresses are kept for diagnostics. */
    public PeerRecord asRemoved() {
        return new PeerRecord(id, name, raftAddress, rpcAddress, true);
    }
}
