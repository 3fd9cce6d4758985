package io.pincluster.service.kubo;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS daemons of the other cluster members: each member's {@code id} ({@code ipfs.addresses}) asked through
 * {@code idOf} (the cluster RPC's {@code PeerRpc.id}). Members that cannot be asked are skipped this round.
 */
public final class DaemonAddresses implements Supplier<List<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonAddresses.class);

    private final PeerId self;
    private final Supplier<? extends Collection<PeerId>> members;
    private final Function<PeerId, PeerInfo> idOf;

    public DaemonAddresses(PeerId self, Supplier<? extends Collection<PeerId>> members,
                           Function<PeerId, PeerInfo> idOf) {
        this.self = self;
        this.members = members;
        this.idOf = idOf;
    }

    @Override
    public List<String> get() {
        List<String> out = new ArrayList<>();
        for (PeerId peer : members.get()) {
            if (peer.equals(self)) {
                continue;
            }
            try {
                out.addAll(idOf.apply(peer).ipfs().addresses());
            } catch (ClusterException e) {
                LOG.debug("cannot ask {} for its IPFS daemon's addresses: {}", peer, e.getMessage());
            }
        }
        return out;
    }
}
