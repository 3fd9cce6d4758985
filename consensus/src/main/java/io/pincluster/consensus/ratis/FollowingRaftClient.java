package io.pincluster.consensus.ratis;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft client of this peer, rebuilt from the local server's current configuration whenever that changes.
 * A Ratis client only knows the peers it was built with; after joins and removals (or for a peer that joined
 * with an empty group) a fixed list would miss the new leader. A replaced client is closed after a grace
 * period, so calls already using it can finish.
 */
final class FollowingRaftClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowingRaftClient.class);

    private final Supplier<List<RaftPeer>> currentPeers;
    private final Function<List<RaftPeer>, RaftClient> factory;
    private final Duration grace;
    private volatile RaftClient client;
    private volatile List<RaftPeer> builtFor;
    private volatile boolean stale;
    private volatile boolean closed;

    FollowingRaftClient(List<RaftPeer> initialPeers, Supplier<List<RaftPeer>> currentPeers,
                        Function<List<RaftPeer>, RaftClient> factory, Duration grace) {
        this.currentPeers = currentPeers;
        this.factory = factory;
        this.grace = grace;
        this.builtFor = List.copyOf(initialPeers);
        this.client = builtFor.isEmpty() ? null : factory.apply(builtFor);
    }

    /** The client for the newest configuration this peer knows. */
    RaftClient get() {
        if (stale || client == null) {
            stale = true;
            rebuild();
        }
        RaftClient c = client;
        if (c == null) {
            throw new ClusterException(ErrorCode.UNAVAILABLE,
                    "this peer is not a cluster member yet: it waits to be added (pincluster daemon --join)");
        }
        return c;
    }

    /** Called when a new configuration was committed; the next {@link #get} rebuilds if the peers differ. */
    void configurationChanged() {
        stale = true;
    }

    private synchronized void rebuild() {
        if (!stale || closed) {
            return;
        }
        stale = false;
        List<RaftPeer> peers = List.copyOf(currentPeers.get());
        if (peers.isEmpty() || peers.equals(builtFor)) {
            return;
        }
        RaftClient old = client;
        client = factory.apply(peers);
        builtFor = peers;
        LOG.info("Raft client now follows {} peers", peers.size());
        if (old != null) {
            CompletableFuture.runAsync(() -> closeQuietly(old),
                    CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a Raft client failed", e);
        }
    }
}
