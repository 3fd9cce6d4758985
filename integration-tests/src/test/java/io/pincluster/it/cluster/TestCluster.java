package io.pincluster.it.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N full peers on 127.0.0.1 started through the daemon's own composition root ({@link ClusterAssembly}), either all
 * in this JVM or each as a child JVM, driven only through their REST APIs ({@link RestClient}). The MiniRaftCluster
 * of this project (conventions 22–25): {@link #peer}, {@link #kill}, {@link #restart}, {@link #isolate} /
 * {@link #heal} (through {@link PeerNetwork} when {@link ClusterOptions#proxied()}), {@link #awaitLeader},
 * {@link #awaitConverged} and {@link #dump}. {@link #close} kills every peer and deletes folders it created.
 *
 * <p>Not thread-safe: one test thread drives it (load generators only use {@link Peer#client()}).
 */
public final class TestCluster implements AutoCloseable {
    /** Child processes still running, killed by a shutdown hook if the test JVM exits without closing us. */
    private static final Set<PeerRuntime> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_TAIL = 25;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(PeerRuntime::kill),
                "test-cluster-reaper"));
    }

    /** What a test needs to reach one peer. */
    public record Peer(int index, PeerId id, URI restUrl, Path dir, RestClient client) {
    }

    private final Path root;
    private final boolean ownsRoot;
    private final ClusterOptions options;
    private final List<Peer> peers = new ArrayList<>();
    private final List<PeerRuntime> runtimes = new ArrayList<>();
    private final Set<String> unknownSettings = new TreeSet<>();
    private PeerNetwork raftNetwork;
    private PeerNetwork rpcNetwork;
    private boolean closed;

    private TestCluster(Path root, boolean ownsRoot, ClusterOptions options) {
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.options = options;
    }

    /** Starts a cluster in a fresh temporary folder that {@link #close} deletes. */
    public static TestCluster start(ClusterOptions options) throws IOException {
        return start(Files.createTempDirectory("test-cluster-"), true, options);
    }

    /** Starts a cluster whose peer folders live under {@code root} (left in place by {@link #close}). */
    public static TestCluster start(Path root, ClusterOptions options) throws IOException {
        return start(root, false, options);
    }

    private static TestCluster start(Path root, boolean ownsRoot, ClusterOptions options) throws IOException {
        TestCluster c = new TestCluster(root, ownsRoot, options);
        try {
            c.create();
            for (int i = 0; i < options.size(); i++) {
                c.runtimes.add(c.launch(i, List.of()));
            }
            for (int i = 0; i < options.size(); i++) {
                c.awaitHealthy(i);
            }
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private void create() throws IOException {
        String secret = ClusterSection.newSecret();
        int n = options.size();
        for (int i = 0; i < n; i++) {
            Path dir = root.resolve("peer-" + i);
            PeerId id = writePeer(dir, i, secret);
            ServiceConfig config = ClusterLayout.load(dir);
            URI rest = URI.create("http://127.0.0.1:" + config.restapi().httpListen().port());
            peers.add(new Peer(i, id, rest, dir, new RestClient(rest, ClusterLayout.USER, options.password())));
        }
        int[] raftPorts = peers.stream().mapToInt(p -> raftListen(p).port()).toArray();
        int[] rpcPorts = new int[n];
        for (int i = 0; i < n; i++) {
            rpcPorts[i] = ClusterLayout.rpcPort(peers.get(i).dir());
        }
        boolean rpc = rpcPorts[0] > 0;
        if (options.proxied()) {
            raftNetwork = PeerNetwork.open(raftPorts);
            rpcNetwork = rpc ? PeerNetwork.open(rpcPorts) : null;
        }
        for (int i = 0; i < n; i++) {
            Map<PeerId, ListenAddress> raftView = new LinkedHashMap<>();
            Map<PeerId, ListenAddress> rpcView = new LinkedHashMap<>();
            for (int j = 0; j < n; j++) {
                PeerId id = peers.get(j).id();
                raftView.put(id, ListenAddress.loopback(dialled(raftNetwork, raftPorts, i, j)));
                if (rpc && i != j) {
                    rpcView.put(id, ListenAddress.loopback(dialled(rpcNetwork, rpcPorts, i, j)));
                }
            }
            ClusterLayout.writePeerLists(peers.get(i).dir(), raftView, rpcView);
        }
    }

    private PeerId writePeer(Path dir, int i, String secret) throws IOException {
        PeerId id = ClusterLayout.writePeer(dir, "peer-" + i, options, secret);
        PeerSettings settings = options.settings();
        unknownSettings.addAll(ClusterLayout.applySettings(dir, settings.forPeer(i), settings.ifKnown()));
        return id;
    }

    /**
     * The {@link PeerSettings#withIfKnown if-known} settings this build's configuration loader rejected as unknown
     * keys, and which the peers therefore run without (e.g. the keys of a feature not built yet).
     */
    public Set<String> settingsUnknownToThisBuild() {
        return Set.copyOf(unknownSettings);
    }

    /** The port peer {@code from} dials for {@code to}: the link's proxy, or the real port. */
    private static int dialled(PeerNetwork net, int[] realPorts, int from, int to) {
        return from == to || net == null ? realPorts[to] : net.port(from, to);
    }

    private static ListenAddress raftListen(Peer p) {
        return ClusterLayout.load(p.dir()).consensus().listen();
    }

    private PeerRuntime launch(int i, List<String> daemonArgs) throws IOException {
        Path dir = peers.get(i).dir();
        PeerRuntime r = options.processes() ? ProcessPeer.start(dir, options.javaOpts(), daemonArgs)
                : InJvmPeer.start(dir);
        RUNNING.add(r);
        return r;
    }

    private void awaitHealthy(int i) {
        PeerRuntime r = runtimes.get(i);
        RestClient client = peers.get(i).client();
        await("peer-" + i + " answers /health").atMost(Duration.ofSeconds(120)).pollInterval(POLL)
                .failFast("peer-" + i + " exited", () -> !r.alive())
                .until(() -> client.call("GET", "/health", Duration.ofSeconds(5)).ok());
    }

    public int size() {
        return peers.size();
    }

    public Peer peer(int i) {
        return peers.get(i);
    }

    public ClusterOptions options() {
        return options;
    }

    public boolean alive(int i) {
        return runtimes.get(i) != null && runtimes.get(i).alive();
    }

    /** Indexes of the peers currently running. */
    public List<Integer> live() {
        return IntStream.range(0, size()).filter(this::alive).boxed().toList();
    }

    /** The OS process id of peer {@code i}; only for process clusters. */
    public long pid(int i) {
        return runtimes.get(i).pid().orElseThrow(() -> new IllegalStateException("peer-" + i + " runs in this JVM"));
    }

    /** SIGKILL (processes) or an immediate close (in-JVM); returns when the peer is gone. */
    public void kill(int i) {
        PeerRuntime r = runtimes.get(i);
        r.kill();
        RUNNING.remove(r);
    }

    /**
     * SIGSTOP (processes only): the peer stops running but keeps its sockets open, so callers see a hung peer
     * rather than refused connections. {@link #thaw} (SIGCONT) resumes it; {@link #close}'s SIGKILL ends a frozen
     * peer too.
     */
    public void freeze(int i) {
        ProcessSignals.freeze(pid(i));
    }

    /** SIGCONT: resumes a peer {@link #freeze frozen} before. */
    public void thaw(int i) {
        ProcessSignals.thaw(pid(i));
    }

    /** SIGTERM (processes) or close (in-JVM): the peer's own clean shutdown path. */
    public void stop(int i) {
        PeerRuntime r = runtimes.get(i);
        r.stop();
        RUNNING.remove(r);
    }

    /** Starts a stopped or killed peer again on its folder and waits until it answers. */
    public void restart(int i) throws IOException {
        restart(i, List.of());
    }

    /** Like {@link #restart(int)}, with extra {@code daemon} arguments (processes only). */
    public void restart(int i, List<String> daemonArgs) throws IOException {
        if (alive(i)) {
            throw new IllegalStateException("peer-" + i + " is running");
        }
        runtimes.set(i, launch(i, daemonArgs));
        awaitHealthy(i);
    }

    /**
     * Starts a stopped peer that is expected to refuse to run (processes only) and waits for its exit; returns the
     * exit code. Fails if the peer is still running after {@code atMost}.
     */
    public int restartExpectingExit(int i, Duration atMost) throws IOException {
        if (alive(i)) {
            throw new IllegalStateException("peer-" + i + " is running");
        }
        PeerRuntime r = launch(i, List.of());
        runtimes.set(i, r);
        await("peer-" + i + " exits").atMost(atMost).pollInterval(POLL).until(() -> !r.alive());
        RUNNING.remove(r);
        return ((ProcessPeer) r).exitCode();
    }

    /**
     * Waits until peer {@code i} exits on its own (processes only) and returns its exit code. Fails if it still runs
     * after {@code atMost}.
     */
    public int awaitExit(int i, Duration atMost) {
        PeerRuntime r = runtimes.get(i);
        await("peer-" + i + " exits").atMost(atMost).pollInterval(POLL).until(() -> !r.alive());
        RUNNING.remove(r);
        return ((ProcessPeer) r).exitCode();
    }

    /** The last {@code lines} lines of peer {@code i}'s own log (processes only). */
    public List<String> logTail(int i, int lines) throws IOException {
        return runtimes.get(i).logTail(lines);
    }

    /**
     * Creates a new peer folder (own identity and ports, empty Raft peers list) and starts it with
     * {@code daemonArgs} (e.g. {@code --join}); processes only. Returns its index. Its links are not proxied.
     */
    public int addPeer(List<String> daemonArgs) throws IOException {
        if (!options.processes()) {
            throw new UnsupportedOperationException("adding peers needs a process cluster (daemon arguments)");
        }
        int i = peers.size();
        Path dir = root.resolve("peer-" + i);
        String secret = ClusterLayout.load(peers.get(0).dir()).cluster().secret();
        PeerId id = writePeer(dir, i, secret);
        URI rest = URI.create("http://127.0.0.1:" + ClusterLayout.load(dir).restapi().httpListen().port());
        peers.add(new Peer(i, id, rest, dir, new RestClient(rest, ClusterLayout.USER, options.password())));
        runtimes.add(null);
        runtimes.set(i, launch(i, daemonArgs));
        awaitHealthy(i);
        return i;
    }

    /** The real Raft address of peer {@code i} ({@code host:port}), e.g. for {@code --join}. */
    public String raftAddress(int i) {
        return raftListen(peers.get(i)).toString();
    }

    /** The real cluster RPC address of peer {@code i} ({@code host:port}), what {@code daemon --join} takes. */
    public String rpcAddress(int i) throws IOException {
        return "127.0.0.1:" + ClusterLayout.rpcPort(peers.get(i).dir());
    }

    /** Cuts every link between the peers in {@code side} and all others, both ways (needs a proxied cluster). */
    public void isolate(int... side) {
        requireNetwork();
        raftNetwork.partition(PeerNetwork.setOf(side));
        if (rpcNetwork != null) {
            rpcNetwork.partition(PeerNetwork.setOf(side));
        }
    }

    /** Restores every link. */
    public void heal() {
        requireNetwork();
        raftNetwork.healAll();
        if (rpcNetwork != null) {
            rpcNetwork.healAll();
        }
    }

    private void requireNetwork() {
        if (raftNetwork == null) {
            throw new IllegalStateException("start the cluster with ClusterOptions.withProxies(true) to cut links");
        }
    }

    /** Waits until all live peers name the same live leader; returns its index. */
    public int awaitLeader() {
        return awaitLeader(live(), Duration.ofSeconds(60));
    }

    /** Waits until every peer in {@code among} (all live) names the same leader, itself one of {@code among}. */
    public int awaitLeader(List<Integer> among, Duration atMost) {
        int[] leader = {-1};
        await("a leader among " + among).atMost(atMost).pollInterval(POLL).until(() -> {
            leader[0] = agreedLeader(among);
            return leader[0] >= 0;
        });
        return leader[0];
    }

    private int agreedLeader(List<Integer> among) {
        Set<String> named = new HashSet<>();
        for (int i : among) {
            JsonNode raft = peers.get(i).client().raft();
            if (raft == null || raft.path("leader").asText("").isEmpty()) {
                return -1;
            }
            named.add(raft.path("leader").asText());
        }
        if (named.size() != 1) {
            return -1;
        }
        String id = named.iterator().next();
        return among.stream().filter(i -> peers.get(i).id().value().equals(id)).findFirst().orElse(-1);
    }

    /** Index of the peer with {@code id}, or -1. */
    public int indexOf(String id) {
        return peers.stream().filter(p -> p.id().value().equals(id)).mapToInt(Peer::index).findFirst().orElse(-1);
    }

    /**
     * Waits until every live peer has applied the same log index, has nothing committed left to apply, and holds
     * the same pinset (compared by CID through {@code /allocations}).
     */
    public void awaitConverged() {
        awaitConverged(live(), Duration.ofSeconds(90));
    }

    public void awaitConverged(List<Integer> among, Duration atMost) {
        await("peers " + among + " converged").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> sameAppliedIndex(among) && samePinset(among));
    }

    private boolean sameAppliedIndex(List<Integer> among) {
        Set<Long> applied = new HashSet<>();
        for (int i : among) {
            JsonNode raft = peers.get(i).client().raft();
            if (raft == null || raft.path("lag").asLong(-1) != 0) {
                return false;
            }
            applied.add(raft.path("applied_index").asLong());
        }
        return applied.size() == 1;
    }

    private boolean samePinset(List<Integer> among) {
        Set<String> first = null;
        for (int i : among) {
            Set<String> pins = pinset(i);
            if (pins == null || (first != null && !first.equals(pins))) {
                return false;
            }
            first = pins;
        }
        return true;
    }

    /** The CIDs peer {@code i} lists in {@code /allocations}, or null if it does not answer. */
    public Set<String> pinset(int i) {
        RestClient.Answer a = peers.get(i).client().call("GET", "/allocations", Duration.ofSeconds(60));
        if (!a.ok()) {
            return null;
        }
        return a.lines().stream().map(n -> n.path("cid").asText()).collect(Collectors.toSet());
    }

    /** Each peer's state (liveness, Raft view), the network's cut links, and the last lines of each log. */
    public String dump() {
        StringBuilder b = new StringBuilder("=== TestCluster dump (" + root + ", links cut: "
                + (raftNetwork == null ? "not proxied" : raftNetwork.describeCuts()) + ") ===\n");
        for (Peer p : peers) {
            boolean up = alive(p.index());
            b.append("peer-").append(p.index()).append(' ').append(p.id()).append(' ').append(p.restUrl())
                    .append(up ? " alive" : " DOWN");
            if (up) {
                JsonNode raft = p.client().raft();
                b.append(" raft=").append(raft == null ? "(no answer)" : raft.toString());
            }
            b.append('\n');
            try {
                PeerRuntime r = runtimes.get(p.index());
                for (String line : r == null ? List.of("(never started)") : r.logTail(LOG_TAIL)) {
                    b.append("    | ").append(line).append('\n');
                }
            } catch (IOException e) {
                b.append("    (log unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return b.toString();
    }

    /** Records a {@link #dump()} for {@link DumpOnFailure}, kills every peer, closes the proxies, deletes folders. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            DumpOnFailure.record(dump());
        } catch (RuntimeException e) {
            DumpOnFailure.record("(dump failed: " + e + ")");
        }
        // All at once: an in-JVM peer's close waits out its servers' shutdown grace (about 5 s a peer, measured), so
        // one after the other a five-peer cluster took some 25 s to go.
        List<Thread> killing = new ArrayList<>();
        runtimes.stream().filter(Objects::nonNull).forEach(r -> {
            Thread t = new Thread(() -> {
                r.kill();
                RUNNING.remove(r);
            }, "test-cluster-kill-" + killing.size());
            t.start();
            killing.add(t);
        });
        boolean interrupted = false;
        for (Thread t : killing) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // every peer still goes: its ports and folders must be released
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (raftNetwork != null) {
            raftNetwork.close();
        }
        if (rpcNetwork != null) {
            rpcNetwork.close();
        }
        if (ownsRoot) {
            ClusterLayout.deleteTree(root);
        }
    }
}
