package io.pincluster.service.exchange;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.peer.PeerInfo;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer's RPC side for block exchange, served from its real store. With {@code corrupt} set it is the bad peer:
 * it flips one bit of every block it sends (a fake at the network edge).
 */
final class StoreRpcHandler implements PeerRpcHandler {
    private final NodeConnector connector;
    private final boolean corrupt;
    final AtomicInteger blocksServed = new AtomicInteger();
    final AtomicInteger blocksReceived = new AtomicInteger();

    StoreRpcHandler(NodeConnector connector, boolean corrupt) {
        this.connector = connector;
        this.corrupt = corrupt;
    }

    @Override
    public PeerInfo id() {
        throw PeerRpcHandler.notSupported("id");
    }

    @Override
    public byte[] block(Cid cid) {
        byte[] data = connector.block(cid).clone();
        blocksServed.incrementAndGet();
        if (corrupt) {
            data[data.length / 2] ^= 0x01;
        }
        return data;
    }

    @Override
    public void putBlock(Cid cid, byte[] data) {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            s.put(cid, data);
        }
        blocksReceived.incrementAndGet();
    }
}
