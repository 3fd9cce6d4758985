package io.pincluster.service.ops;

import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerRecord;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link AddressBook} that knows every peer in the replicated peer directory (so peers that joined after this
 * one started resolve too), in front of a local book for addresses from the configuration. Local {@code put}s and
 * {@code remove}s only touch the local book; the directory changes through the log.
 */
public final class DirectoryAddressBook implements AddressBook {
    private final ClusterMembership consensus;
    private final AddressBook local;

    public DirectoryAddressBook(ClusterMembership consensus, AddressBook local) {
        this.consensus = consensus;
        this.local = local;
    }

    @Override
    public Optional<String> rpcAddress(PeerId peer) {
        Optional<String> replicated = consensus.directory().stream()
                .filter(r -> r.id().equals(peer) && !r.removed() && !r.rpcAddress().isEmpty())
                .map(PeerRecord::rpcAddress).findFirst();
        return replicated.isPresent() ? replicated : local.rpcAddress(peer);
    }

    @Override
    public void put(PeerId peer, String rpcAddress) {
        local.put(peer, rpcAddress);
    }

    @Override
    public void remove(PeerId peer) {
        local.remove(peer);
    }

    @Override
    public Map<PeerId, String> all() {
        Map<PeerId, String> all = new TreeMap<>(local.all());
        for (PeerRecord r : consensus.directory()) {
            if (r.removed()) {
                all.remove(r.id());
            } else if (!r.rpcAddress().isEmpty()) {
                all.put(r.id(), r.rpcAddress());
            }
        }
        return all;
    }
}
