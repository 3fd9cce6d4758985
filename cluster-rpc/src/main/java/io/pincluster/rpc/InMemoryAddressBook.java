package io.pincluster.rpc;

import io.pincluster.core.component.AddressBook;
import io.pincluster.core.peer.PeerId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AddressBook} held in memory; seeded from configuration, updated as peers join and leave. */
public final class InMemoryAddressBook implements AddressBook {
    private final Map<PeerId, String> addresses = new ConcurrentHashMap<>();

    public InMemoryAddressBook() {
    }

    public InMemoryAddressBook(Map<PeerId, String> initial) {
        initial.forEach(this::put);
    }

    @Override
    public Optional<String> rpcAddress(PeerId peer) {
        return Optional.ofNullable(addresses.get(peer));
    }

    @Override
    public void put(PeerId peer, String rpcAddress) {
        Objects.requireNonNull(peer, "peer");
        if (rpcAddress == null || rpcAddress.isBlank()) {
            throw new IllegalArgumentException("empty RPC address for peer " + peer);
        }
        addresses.put(peer, rpcAddress);
    }

    @Override
    public void remove(PeerId peer) {
        addresses.remove(peer);
    }

    @Override
    public Map<PeerId, String> all() {
        return new TreeMap<>(addresses);
    }
}
