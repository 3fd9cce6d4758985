package io.pincluster.service.testing;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.InitCommand;
import io.pincluster.service.InitOptions;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Several peers of one cluster in the test JVM, made the way {@code pincluster up} makes them ({@code init} for
 * each peer, then {@code init --force} with the whole peer list and one secret) and started through the daemon's
 * composition root, {@link ClusterAssembly}. Peer {@code i} is named {@code peer<i>} and lives in
 * {@code <root>/peer<i>}; its Raft port is a free loopback port, every other port is chosen by the OS.
 * {@link #close()} stops every peer it started, joiners included.
 */
public final class TestCluster implements AutoCloseable {
    /** Quick elections and an OS-chosen cluster RPC port: the environment every peer of a test cluster gets. */
    public static final Map<String, String> QUICK_ELECTIONS = Map.of(
            "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MIN", "500ms",
            "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MAX", "1s",
            "PINCLUSTER_CLUSTER_RPC_LISTEN", "127.0.0.1:0",
            "PINCLUSTER_PSA_LISTEN", "127.0.0.1:0");

    /**
     * Metrics every 300 ms, a peer down after 1.5 s of silence and repaired at once: for tests of failure detection,
     * repair, drain and rebalancing.
     */
    public static final Map<String, String> FAST_REPAIR = Map.of(
            "PINCLUSTER_MONITOR_INTERVAL", "300ms",
            "PINCLUSTER_MONITOR_TTL", "1s",
            "PINCLUSTER_REPAIR_PEER_DOWN_AFTER", "1500ms",
            "PINCLUSTER_REPAIR_REPAIR_GRACE", "0s");

    private final Path root;
    private final String secret;
    private final Map<String, String> env;
    private final List<ClusterAssembly> peers = Collections.synchronizedList(new ArrayList<>());

    private TestCluster(Path root, String secret, Map<String, String> env) {
        this.root = root;
        this.secret = secret;
        this.env = env;
    }

    /** A cluster whose peer folders go under {@code root} (a test's temporary folder). */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** How many peers, with which secret and environment. */
    public static final class Builder {
        private final Path root;
        private int size = 3;
        private String secret = "5a".repeat(32);
        private final Map<String, String> env = new HashMap<>(QUICK_ELECTIONS);
        private IntFunction<Map<String, String>> envOfPeer = i -> Map.of();
        private boolean introduce = true;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        public Builder peers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster needs at least one peer: " + count);
            }
            this.size = count;
            return this;
        }

        /** The cluster secret, 64 hex digits. */
        public Builder secret(String hex) {
            this.secret = hex;
            return this;
        }

        /** Environment variables every peer's configuration is loaded with, over {@link #QUICK_ELECTIONS}. */
        public Builder env(Map<String, String> variables) {
            this.env.putAll(variables);
            return this;
        }

        /** Environment variables for peer {@code i} alone, over the shared ones (zones, tags). */
        public Builder envOfPeer(IntFunction<Map<String, String>> variables) {
            this.envOfPeer = variables;
            return this;
        }

        /**
         * Whether the started peers are told each other's cluster RPC address (they bound port 0, so no
         * configuration could say). On by default; off for a test of how peers learn addresses themselves.
         */
        public Builder introduce(boolean tell) {
            this.introduce = tell;
            return this;
        }

        /** Initialises every peer's folder, then starts the peers in order. */
        public TestCluster start() throws IOException {
            TestCluster cluster = new TestCluster(root, secret, Map.copyOf(env));
            try {
                cluster.initAndStart(size, envOfPeer, introduce);
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }

    private void initAndStart(int size, IntFunction<Map<String, String>> envOfPeer, boolean introduce)
            throws IOException {
        Map<PeerId, ListenAddress> raft = new LinkedHashMap<>();
        List<Integer> raftPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int port = FreePorts.one();
            raft.put(InitCommand.run(dir(i), options("peer" + i, port)).peerId(), ListenAddress.loopback(port));
            raftPorts.add(port);
        }
        for (int i = 0; i < size; i++) {
            InitCommand.run(dir(i), options("peer" + i, raftPorts.get(i)).withPeers(raft).withForce(true));
        }
        for (int i = 0; i < size; i++) {
            start(dir(i), envOfPeer.apply(i), null);
        }
        if (introduce) {
            introduce(peers());
        }
    }

    private InitOptions options(String peername, int raftPort) {
        return InitOptions.defaults().withPeername(peername).withPorts(0, raftPort, 0, 0).withSecret(secret);
    }

    /** The folder of peer {@code i}. */
    public Path dir(int i) {
        return root.resolve("peer" + i);
    }

    /** The peers started so far, in start order (stopped ones included until {@link #forget}). A copy. */
    public List<ClusterAssembly> peers() {
        synchronized (peers) {
            return new ArrayList<>(peers);
        }
    }

    public ClusterAssembly peer(int i) {
        return peers.get(i);
    }

    /**
     * A folder made by {@code init} without {@code --peers}, with this cluster's secret and a free Raft port: what
     * a peer that joins a running cluster starts from.
     */
    public Path initJoiner(String name) throws IOException {
        Path dir = root.resolve(name);
        InitCommand.run(dir, options(name, FreePorts.one()));
        return dir;
    }

    /**
     * Starts the peer in {@code dir} with the cluster's environment plus {@code extraEnv}, joining through the
     * peer whose cluster RPC listens at {@code joinSeed} (null: no join, as {@code daemon} without {@code --join}).
     * The peer is added to {@link #peers()} and stopped by {@link #close()}.
     */
    public ClusterAssembly start(Path dir, Map<String, String> extraEnv, String joinSeed) throws IOException {
        Map<String, String> variables = new HashMap<>(env);
        variables.putAll(extraEnv);
        ServiceConfig config = ServiceConfigFile.load(dir.resolve(ServiceConfigFile.FILE_NAME), variables);
        ClusterAssembly peer = ClusterAssembly.start(dir, config, IdentityFile.read(dir.resolve(IdentityFile.FILE_NAME)),
                Clock.systemUTC(), joinSeed);
        peers.add(peer);
        return peer;
    }

    /** Drops a peer the test stopped itself from {@link #peers()}. */
    public void forget(ClusterAssembly peer) {
        peers.remove(peer);
    }

    /**
     * The peer that is the Raft leader now, as the first peer that knows one sees it (a peer the test stopped knows
     * none: its closed Raft division reports no leader).
     */
    public ClusterAssembly leader() {
        PeerId id = peers().stream().map(p -> p.consensus().leader()).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("no leader yet"));
        return peers().stream().filter(p -> p.peerId().equals(id)).findFirst().orElseThrow();
    }

    /**
     * Tells every peer where the others' cluster RPC listens (they bound port 0, so no configuration could say),
     * as the membership component does for peers that join.
     */
    public static void introduce(List<ClusterAssembly> peers) {
        for (ClusterAssembly p : peers) {
            for (ClusterAssembly other : peers) {
                p.addressBook().put(other.peerId(), other.rpcAddress().toString());
            }
        }
    }

    /** Stops every peer started here, in start order; a peer the test already stopped is stopped again harmlessly. */
    @Override
    /**
     * Stops every peer, all at once. A peer's stop waits out its servers' shutdown grace periods (about 5 s a peer,
     * measured), so one after the other a three-peer cluster took 15 s to stop and a nine-peer one 45 s: minutes over
     * the module, in teardowns that assert nothing. Returns when every peer has stopped.
     */
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (ClusterAssembly peer : peers()) {
            Thread t = new Thread(peer::close, "test-cluster-close-" + stopping.size());
            t.start();
            stopping.add(t);
        }
        boolean interrupted = false;
        for (Thread t : stopping) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // every peer still stops: a test's folders and ports must be released
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
