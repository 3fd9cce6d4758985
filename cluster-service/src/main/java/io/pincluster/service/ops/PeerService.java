package io.pincluster.service.ops;

import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.state.PeerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What this peer says about itself and the cluster ({@code /id}, {@code /peers}). Other peers cannot be asked yet
 * over the cluster RPC when it is wired (unreachable ones are listed with an error). Membership changes go through
 * {@link ClusterMembership}: one at a time in the whole cluster.
 */
public final class PeerService implements PeerApi {
    /** The version reported by {@code /id} and {@code /version}. */
    public static final String VERSION = "0.1.0";
    // 0.2: the peer messages are protobuf (decision 0003); 0.1 peers used a fixed-order codec and cannot be called
    static final String RPC_PROTOCOL = "/pincluster/0.2/rpc";
    static final String NOT_REACHABLE = "peer info not available: the cluster RPC is not wired";

    private final PeerId self;
    private final String peerName;
    private final List<String> addresses;
    private final ClusterMembership consensus;
    private final NodeConnector connector;
    private final Function<PeerId, PeerInfo> remoteId;
    private final Predicate<PeerId> isUp;

    /**
     * @param addresses this peer's cluster addresses as multiaddrs (e.g. {@code /ip4/127.0.0.1/tcp/9098/p2p/<id>})
     */
    public PeerService(PeerId self, String peerName, List<String> addresses, ClusterMembership consensus,
                       NodeConnector connector) {
        this(self, peerName, addresses, consensus, connector, null, null);
    }

    /**
     * @param remoteId another peer's {@code /id} over the cluster RPC (e.g. {@code PeerRpc::id}); null while the
     *                 RPC is not wired
     * @param isUp     whether failure detection judges a member up (a live peer is drained before removal); null
     *                 when not wired
     */
    public PeerService(PeerId self, String peerName, List<String> addresses, ClusterMembership consensus,
                       NodeConnector connector, Function<PeerId, PeerInfo> remoteId, Predicate<PeerId> isUp) {
        this.self = self;
        this.peerName = peerName;
        this.addresses = List.copyOf(addresses);
        this.consensus = consensus;
        this.connector = connector;
        this.remoteId = remoteId;
        this.isUp = isUp;
    }

    public PeerId self() {
        return self;
    }

    public String peerName() {
        return peerName;
    }

    @Override
    public PeerInfo id() {
        List<PeerId> members = consensus.peers();
        return new PeerInfo(self, peerName, addresses, members, List.of(), VERSION, "", RPC_PROTOCOL, "",
                connector.id(), consensus.raftInfo());
    }

    /** This peer, then every other member as it answers over the RPC (with its Raft view), or an error entry. */
    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Stream<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        out.add(id());
        consensus.peers().stream().filter(p -> !p.equals(self)).sorted().forEach(p -> out.add(remote(p)));
        return out.stream();
    }

    private PeerInfo remote(PeerId peer) {
        if (remoteId == null) {
            return PeerInfo.unreachable(peer, NOT_REACHABLE);
        }
        try {
            return remoteId.apply(peer);
        } catch (ClusterException e) {
            return PeerInfo.unreachable(peer, e.getMessage());
        }
    }

    /**
     * {@code POST /peers}: adds a running peer that is known in the replicated peer directory (it registered
     * through {@code --join}, or was a member before) but is not a voting member now.
     */
    @Override
    public PeerInfo addPeer(PeerId peer) {
        PeerRecord record = consensus.directory().stream().filter(r -> r.id().equals(peer)).findFirst()
                .orElseThrow(() -> new ClusterException(ErrorCode.NOT_FOUND, "peer " + peer + " is not known to "
                        + "the cluster: start it with 'pincluster daemon --join <address of a running peer>'"));
        if (record.raftAddress().isEmpty()) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "the Raft address of peer " + peer + " is not known: "
                    + "start it with --join");
        }
        consensus.addPeer(peer, record.raftAddress());
        return remote(peer);
    }

    /**
     * {@inheritDoc} A dead peer can be removed as long as a majority of the others is up. Without a way to tell
     * whether a peer is up (no failure detection wired), every removal is immediate.
     */
    @Override
    public boolean removePeer(PeerId peer, boolean force) {
        if (force || isUp == null || !isUp.test(peer) || peer.equals(self)) {
            consensus.removePeer(peer);
            return true;
        }
        updateRequests(peer, r -> r.withDrain(PeerRecord.Drain.DRAIN_AND_REMOVE));
        return false;
    }

    @Override
    public void drain(PeerId peer, boolean on) {
        updateRequests(peer, r -> r.withDrain(on ? PeerRecord.Drain.DRAIN : PeerRecord.Drain.NONE));
    }

    @Override
    public void maintenance(PeerId peer, Instant until) {
        updateRequests(peer, r -> r.withMaintenanceUntil(until));
    }

    // Operator requests live in the member's directory record, replicated through the log like the addresses.
    private void updateRequests(PeerId peer, UnaryOperator<PeerRecord> change) {
        if (!consensus.peers().contains(peer)) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "peer " + peer + " is not a cluster member");
        }
        PeerRecord record = consensus.directory().stream().filter(r -> r.id().equals(peer)).findFirst()
                .orElseGet(() -> PeerRecord.member(peer, "", "", ""));
        PeerRecord changed = change.apply(record);
        if (!changed.equals(record)) {
            consensus.register(changed);
        }
    }

    /**
     * A new peer asked (over the cluster RPC) to join: it is recorded in the peer directory, so every peer can
     * reach it, then added as a voting member (through the leader); returns this peer's {@code /id}.
     */
    public PeerInfo join(JoinRequest request) {
        if (request.raftAddress().isEmpty()) {
            throw ClusterException.badRequest("join: the new peer did not say where its Raft server listens");
        }
        consensus.register(PeerRecord.member(request.peer(), request.peerName(), request.raftAddress(),
                request.rpcAddress()));
        consensus.addPeer(request.peer(), request.raftAddress());
        return id();
    }
}
