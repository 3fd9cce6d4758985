package io.pincluster.service.connector;

import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.config.ConnectorSection;
import io.pincluster.service.config.GatewaySection;
import io.pincluster.service.config.PinTrackerSection;

/**
 * What a connector kind's {@link ContentExchange} may use of the rest of the peer.
 *
 * @param rpc     the cluster RPC client (to fetch from, push to and ask other peers)
 * @param pinset  this peer's replica (which peers hold which pin)
 * @param members the cluster's current members
 * @param gateway the gateway's settings (whether it runs, how much it may cache)
 * @param cold    the cold tier's archives, read when no peer has a block ({@link ColdBlocks#NONE} when off)
 * @param coldRestoresPins whether the tracker's pinning restores a pin from its archive when no peer has it
 */
public record ExchangeContext(PeerId self, PeerRpc rpc, PinSetView pinset, ClusterMembership members,
                              PinTrackerSection tracker, ConnectorSection connector, GatewaySection gateway,
                              ColdBlocks cold, boolean coldRestoresPins) {
    /** Without a cold tier. */
    public ExchangeContext(PeerId self, PeerRpc rpc, PinSetView pinset, ClusterMembership members,
                           PinTrackerSection tracker, ConnectorSection connector, GatewaySection gateway) {
        this(self, rpc, pinset, members, tracker, connector, gateway, ColdBlocks.NONE, false);
    }
}
