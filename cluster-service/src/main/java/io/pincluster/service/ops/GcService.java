package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.component.GcApi;
import io.pincluster.core.component.PeerGc;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.service.connector.GarbageCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /ipfs/gc}: this peer collects its own store; cluster-wide, every other member is asked over the peer
 * RPC to collect its own, one after the other. A peer that fails or cannot be reached has its error in its entry.
 */
public final class GcService implements GcApi {
    private final PeerId self;
    private final String selfName;
    private final Optional<GarbageCollector> local;
    private final ClusterMembership members;
    private final PeerRpc rpc;

    public GcService(PeerId self, String selfName, Optional<GarbageCollector> local, ClusterMembership members,
                     PeerRpc rpc) {
        this.self = self;
        this.selfName = selfName;
        this.local = local;
        this.members = members;
        this.rpc = rpc;
    }

    /** This peer's collection; {@code BAD_REQUEST} when its connector offers none. */
    public List<Cid> collectLocal() {
        return local.orElseThrow(() -> new ClusterException(ErrorCode.BAD_REQUEST,
                "this peer's connector offers no garbage collection (a Kubo daemon collects its own repo)"))
                .collect();
    }

    @Override
    public List<PeerGc> collectGarbage(boolean localOnly) {
        List<PeerGc> results = new ArrayList<>();
        results.add(run(self, selfName, this::collectLocal));
        if (!localOnly) {
            for (PeerId peer : members.peers()) {
                if (!peer.equals(self)) {
                    results.add(run(peer, nameOf(peer), () -> rpc.collectGarbage(peer)));
                }
            }
        }
        return results;
    }

    private String nameOf(PeerId peer) {
        return members.directory().stream().filter(r -> r.id().equals(peer)).map(PeerRecord::name)
                .findFirst().orElse("");
    }

    private static PeerGc run(PeerId peer, String name, Supplier<List<Cid>> gc) {
        try {
            return new PeerGc(peer, name, gc.get(), "");
        } catch (ClusterException e) {
            return PeerGc.failed(peer, name, e.getMessage());
        }
    }
}
