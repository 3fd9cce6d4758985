package io.pincluster.it.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link TestCluster} runs its peers.
 *
 * @param size               number of peers started at once
 * @param processes          true: each peer is a child JVM ({@code Main daemon <dir>}), killed with SIGKILL;
 *                           false: all peers in this JVM through {@code ClusterAssembly} (faster; kill = close)
 * @param proxied            route Raft traffic between peers through {@link LinkProxy}s so links can be cut
 * @param electionTimeoutMin Raft election timeout, lower bound
 * @param electionTimeoutMax Raft election timeout, upper bound
 * @param requestTimeout     how long a write waits for a commit before the peer answers 503
 * @param snapshotThreshold  applied entries between Raft snapshots
 * @param javaOpts           JVM flags of each peer process
 * @param password           REST API password of user {@code admin}
 * @param settings           further {@code service.json} keys, for every peer or one peer (zones, monitor periods)
 */
public record ClusterOptions(int size, boolean processes, boolean proxied, Duration electionTimeoutMin,
                             Duration electionTimeoutMax, Duration requestTimeout, long snapshotThreshold,
                             List<String> javaOpts, String password, PeerSettings settings) {
    public ClusterOptions {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, not " + size);
        }
        javaOpts = List.copyOf(javaOpts);
        settings = settings == null ? PeerSettings.none() : settings;
    }

    /** In-JVM peers, no proxies, test-speed Raft timeouts (elections in well under a second on an idle box). */
    public static ClusterOptions inJvm(int size) {
        return new ClusterOptions(size, false, false, Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofSeconds(10), 10_000, PEER_PROCESS_JVM, "it-password", PeerSettings.none());
    }

    /**
     * JVM flags of a test peer process: a small heap and the serial collector (many peers share two cores), and a
     * metaspace that does not trigger collections while the peer loads its ~70 MB of classes. With the default
     * threshold (~21 MB) the serial collector ran three to four full collections ("Metadata GC Threshold") in each
     * peer's first minute, 0.1-1.9 s each with two ITs side by side (21 of them, 19.9 s of pauses, in one run of
     * FrozenPeerRepairIT beside UpSelfHealingIT; none with this flag), some just as a test timed an answer: the
     * paths a frozen peer or a repair first exercises load classes too.
     */
    public static final List<String> PEER_PROCESS_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MetaspaceSize=128m");

    /**
     * Child-JVM peers with production-like election timeouts (1–2 s: several JVMs share two cores), C1 only
     * (short-lived peers gain nothing from C2 but its compile threads' CPU).
     */
    public static ClusterOptions processes(int size) {
        List<String> opts = new ArrayList<>(PEER_PROCESS_JVM);
        opts.add("-XX:TieredStopAtLevel=1");
        return inJvm(size).withProcesses(true).withElectionTimeout(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withJavaOpts(opts);
    }

    public ClusterOptions withProcesses(boolean p) {
        return new ClusterOptions(size, p, proxied, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                snapshotThreshold, javaOpts, password, settings);
    }

    public ClusterOptions withProxies(boolean p) {
        return new ClusterOptions(size, processes, p, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                snapshotThreshold, javaOpts, password, settings);
    }

    public ClusterOptions withElectionTimeout(Duration min, Duration max) {
        return new ClusterOptions(size, processes, proxied, min, max, requestTimeout, snapshotThreshold, javaOpts,
                password, settings);
    }

    public ClusterOptions withRequestTimeout(Duration t) {
        return new ClusterOptions(size, processes, proxied, electionTimeoutMin, electionTimeoutMax, t,
                snapshotThreshold, javaOpts, password, settings);
    }

    public ClusterOptions withSnapshotThreshold(long entries) {
        return new ClusterOptions(size, processes, proxied, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                entries, javaOpts, password, settings);
    }

    public ClusterOptions withJavaOpts(List<String> opts) {
        return new ClusterOptions(size, processes, proxied, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                snapshotThreshold, opts, password, settings);
    }

    /** The same options with {@code s} as the peers' extra {@code service.json} keys. */
    public ClusterOptions withSettings(PeerSettings s) {
        return new ClusterOptions(size, processes, proxied, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                snapshotThreshold, javaOpts, password, s);
    }
}
