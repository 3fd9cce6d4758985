package io.pincluster.service.rpc;

import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.peer.PeerId;
import io.pincluster.rpc.CallAuthenticator;
import io.pincluster.rpc.GrpcPeerRpc;
import io.pincluster.rpc.InMemoryAddressBook;
import io.pincluster.rpc.PeerRpcServer;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ListenAddress;
import java.util.function.UnaryOperator;

/**
 * This peer's cluster RPC: the server on {@code cluster.rpc_listen}, the client other components call, and the
 * address book seeded from {@code cluster.peer_addresses} plus this peer's own bound address.
 */
public final class PeerRpcWiring implements AutoCloseable {
    private final PeerRpcServer server;
    private final GrpcPeerRpc client;
    private final AddressBook book;
    private final ListenAddress bound;

    private PeerRpcWiring(PeerRpcServer server, GrpcPeerRpc client, AddressBook book, ListenAddress bound) {
        this.server = server;
        this.client = client;
        this.book = book;
        this.bound = bound;
    }

    /** Binds the server (port 0 picks a free one) and builds the client; both use the cluster secret. */
    public static PeerRpcWiring start(PeerId self, ClusterSection cluster, PeerRpcHandler handler) {
        return start(self, cluster, handler, UnaryOperator.identity());
    }

    /**
     * As {@link #start(PeerId, ClusterSection, PeerRpcHandler)}, with the client resolving peers through
     * {@code front}, which wraps the configured book (e.g. the replicated peer directory in front of it).
     */
    public static PeerRpcWiring start(PeerId self, ClusterSection cluster, PeerRpcHandler handler,
                                      UnaryOperator<AddressBook> front) {
        CallAuthenticator auth = CallAuthenticator.fromHexSecret(cluster.secret());
        RpcSettings settings = RpcSettings.defaults();
        PeerRpcServer server = PeerRpcServer.start(cluster.rpcListen().toSocketAddress(), handler, auth, settings);
        ListenAddress bound = cluster.rpcListen().withPort(server.port());
        InMemoryAddressBook book = new InMemoryAddressBook();
        cluster.peerAddresses().forEach((peer, addr) -> book.put(peer, addr.toString()));
        book.put(self, dialable(bound).toString());
        AddressBook resolving = front.apply(book);
        return new PeerRpcWiring(server, new GrpcPeerRpc(self, resolving, auth, settings), resolving, bound);
    }

    /** A wildcard listen address is dialled on loopback by this peer itself. */
    private static ListenAddress dialable(ListenAddress a) {
        return a.host().equals("0.0.0.0") || a.host().equals("::") ? ListenAddress.loopback(a.port()) : a;
    }

    public PeerRpc client() {
        return client;
    }

    public AddressBook addressBook() {
        return book;
    }

    /** The address the server actually listens on. */
    public ListenAddress listenAddress() {
        return bound;
    }

    /** Where other peers on this machine dial this peer's RPC (loopback for a wildcard listen address). */
    public ListenAddress dialableAddress() {
        return dialable(bound);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
