package io.pincluster.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One direction of one link between two peers: a TCP forwarder on a loopback port that a peer dials instead of its
 * neighbour's real port (like etcd's {@code bridge.go}). While {@link #cut() cut} it closes every open connection
 * and refuses new ones by closing them at once, so the dialling peer sees the neighbour as unreachable; after
 * {@link #restore()} new connections go through again. Bytes are copied by two daemon threads per connection.
 */
final class LinkProxy implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private LinkProxy(String name, InetSocketAddress target, ServerSocket server) {
        this.name = name;
        this.target = target;
        this.server = server;
    }

    /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
    static LinkProxy open(String name, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LinkProxy p = new LinkProxy(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), server);
        Thread t = new Thread(p::acceptLoop, "link-" + name);
        t.setDaemon(true);
        t.start();
        return p;
    }

    int port() {
        return server.getLocalPort();
    }

    boolean isCut() {
        return cut;
    }

    /** Drops every open connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(LinkProxy::closeQuietly);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(in);
                continue;
            }
            Socket out = new Socket();
            try {
                out.connect(target, 2000);
            } catch (IOException e) {
                closeQuietly(in);
                closeQuietly(out);
                continue; // the target is down: the dialler sees a dropped connection, as it would without us
            }
            open.add(in);
            open.add(out);
            pump(in, out, "up");
            pump(out, in, "down");
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[BUFFER];
            try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
                int n;
                while (!cut && (n = is.read(buf)) >= 0) {
                    os.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // the other side or cut() closed the socket
            } catch (IOException e) {
                // same: the connection is gone either way
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-" + name + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return name + " :" + port() + " -> :" + target.getPort() + (cut ? " (cut)" : "");
    }
}
