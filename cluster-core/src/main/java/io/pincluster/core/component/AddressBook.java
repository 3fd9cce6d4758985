package io.pincluster.core.component;

import io.pincluster.core.peer.PeerId;
import java.util.Map;
import java.util.Optional;

/**
 * Where each known peer's cluster RPC listens ({@code host:port}). Filled from configuration at start and
 * updated as peers join or leave. Implementations are thread-safe.
 */
public interface AddressBook {
    /** The RPC address of {@code peer}, if known. */
    Optional<String> rpcAddress(PeerId peer);

    /** Records (or replaces) the RPC address of {@code peer}. */
    void put(PeerId peer, String rpcAddress);

    /** Forgets {@code peer}; unknown peers are ignored. */
    void remove(PeerId peer);

    /** A copy of every known peer and its address. */
    Map<PeerId, String> all();
}
