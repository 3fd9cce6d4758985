package io.pincluster.service.rpc;

import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.rpc.GrpcPeerRpc;
import io.pincluster.rpc.InMemoryAddressBook;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.config.ClusterSection;
import java.util.function.UnaryOperator;

/**
 * How this peer calls the others over the cluster RPC: the client and its address book, seeded from
 * {@code cluster.peer_addresses}. Built before this peer's own server, which needs components that call peers
 * through this client; the server adds this peer's bound address to the book when it starts.
 */
public final class ClusterRpcClient implements AutoCloseable {
    private final GrpcPeerRpc client;
    private final AddressBook book;

    private ClusterRpcClient(GrpcPeerRpc client, AddressBook book) {
        this.client = client;
        this.book = book;
    }

    /**
     * @param front wraps the configured book (e.g. the replicated peer directory in front of it)
     */
    public static ClusterRpcClient create(ClusterSection cluster, PeerTls tls, UnaryOperator<AddressBook> front) {
        InMemoryAddressBook configured = new InMemoryAddressBook();
        cluster.peerAddresses().forEach((peer, addr) -> configured.put(peer, addr.toString()));
        AddressBook book = front.apply(configured);
        return new ClusterRpcClient(new GrpcPeerRpc(book, tls, RpcSettings.defaults()), book);
    }

    public PeerRpc client() {
        return client;
    }

    /** Where peers' cluster RPC listens; membership updates it as peers join and leave. */
    public AddressBook addressBook() {
        return book;
    }

    @Override
    public void close() {
        client.close();
    }
}
