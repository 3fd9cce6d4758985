package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * What one peer's garbage collection removed.
 *
 * @param keys  the removed blocks (CIDv1, raw codec: the store keeps blocks by multihash); empty on error
 * @param error why the peer's GC did not run or failed; empty when it succeeded
 */
public record PeerGc(PeerId peer, String peerName, List<Cid> keys, String error) {
    public PeerGc {
        Objects.requireNonNull(peer, "peer");
        peerName = peerName == null ? "" : peerName;
        keys = List.copyOf(keys);
        error = error == null ? "" : error;
    }

    public static PeerGc failed(PeerId peer, String peerName, String error) {
        return new PeerGc(peer, peerName, List.of(), error);
    }
}
