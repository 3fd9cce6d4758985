package io.pincluster.service.rpc;

import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.rpc.PeerRpcServer;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ListenAddress;

/** This peer's cluster RPC server on {@code cluster.rpc_listen}, over mutual TLS with the cluster's certificates. */
public final class ClusterRpcServer implements AutoCloseable {
    private final PeerRpcServer server;
    private final ListenAddress bound;

    private ClusterRpcServer(PeerRpcServer server, ListenAddress bound) {
        this.server = server;
        this.bound = bound;
    }

    /**
     * Binds the server (port 0 picks a free one) with a handler that has everything it answers from, and records
     * the address it is dialled at in {@code book} (this peer's own entry: known only once bound).
     */
    public static ClusterRpcServer start(PeerId self, ClusterSection cluster, PeerTls tls, PeerRpcHandler handler,
                                         AddressBook book) {
        PeerRpcServer server = PeerRpcServer.start(cluster.rpcListen().toSocketAddress(), handler,
                tls, RpcSettings.defaults());
        ClusterRpcServer started = new ClusterRpcServer(server, cluster.rpcListen().withPort(server.port()));
        book.put(self, started.dialableAddress().toString());
        return started;
    }

    /** The address the server actually listens on. */
    public ListenAddress listenAddress() {
        return bound;
    }

    /** Where other peers on this machine dial this peer's RPC (loopback for a wildcard listen address). */
    public ListenAddress dialableAddress() {
        return bound.host().equals("0.0.0.0") || bound.host().equals("::") ? ListenAddress.loopback(bound.port())
                : bound;
    }

    @Override
    public void close() {
        server.close();
    }
}
