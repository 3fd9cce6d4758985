package io.pincluster.service.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pincluster up}: runs a local cluster of N peers (default 3) as child processes in the
 * foreground, prints how to reach them once a Raft leader is known, and stops them all on Ctrl-C.
 * If a peer dies while the cluster runs, {@code up} says which and shows the end of its log, and keeps
 * the others running (so one can watch the cluster heal); a peer that dies at start stops them all.
 * Run again on the same data folder while peers run, it starts only the missing peers (see
 * {@link PeerPidFile}) and stays attached to those; with a larger {@code --peers}, or after a peer's folder was
 * deleted, it creates those peers and they join the running cluster ({@link LocalClusterLayout#joinSeed}).
 */
public final class UpCommand {
    /** Printed once every peer answers and sees a leader; scripts and tests wait for it. */
    public static final String READY = "** pincluster up: READY **";

    static final String JAVA_OPTS_ENV = "PINCLUSTER_PEER_JAVA_OPTS";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 20;
    /** What a peer the cluster removed logs when it refuses to start (RemovedPeerGuard's refusal). */
    private static final String REMOVED_REFUSAL = "was removed from the cluster";

    private final UpOptions options;
    private final PrintStream out;
    private final PrintStream err;
    /** The peers this command started; peers another {@code up} runs are not in here. */
    private final List<PeerProcess> peers = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private UpCommand(UpOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the cluster until Ctrl-C or until every peer it started has died; returns the exit code (0 when
     * every peer already runs, 1 when a peer fails to start or every peer died). Ctrl-C ends the JVM with
     * 130 whatever this returns; the shutdown hook stops the peers.
     */
    static int run(UpOptions options, PrintStream out, PrintStream err) {
        return new UpCommand(options, out, err).run();
    }

    private int run() {
        String password;
        try {
            password = AdminPassword.resolve(options.data(), options.password());
            LocalClusterLayout.Prepared prepared = LocalClusterLayout.prepare(options, password);
            if (prepared.createdAll()) {
                out.println("created " + options.peers() + " peer folders in " + options.data());
            } else {
                out.println("reusing the peer folders in " + options.data());
                prepared.added().forEach(i -> out.println("created peer-" + i + " (a new identity; it joins the"
                        + " cluster)"));
            }
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot prepare " + options.data() + ": " + e.getMessage());
            return 1;
        }
        Map<Integer, ProcessHandle> alreadyRunning = new TreeMap<>();
        for (int i = 0; i < options.peers(); i++) {
            int index = i;
            PeerPidFile.livePeer(options.peerDir(i)).ifPresent(p -> alreadyRunning.put(index, p));
        }
        alreadyRunning.forEach((i, p) -> out.println("peer-" + i + " already runs (pid " + p.pid() + "), not starting it"));
        if (alreadyRunning.size() == options.peers()) {
            out.println("all " + options.peers() + " peers in " + options.data() + " already run; nothing to start.");
            return 0;
        }
        Thread hook = new Thread(this::stopAll, "pincluster-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String javaOpts = peerJavaOpts(System.getenv(JAVA_OPTS_ENV));
            for (int i = 0; i < options.peers(); i++) {
                if (alreadyRunning.containsKey(i)) {
                    continue;
                }
                String seed = LocalClusterLayout.joinSeed(options, i).orElse(null);
                PeerProcess p = PeerProcess.start(i, options.peerDir(i), javaOpts, seed);
                peers.add(p);
                out.println("started peer-" + i + " (pid " + p.pid() + "), log: " + p.log());
                if (seed != null) {
                    out.println("  peer-" + i + " has no Raft state yet: it joins the cluster through " + seed);
                }
            }
            if (!awaitReady(new ReadinessProbe(LocalClusterLayout.ADMIN_USER, password))) {
                stopAll();
                return 1;
            }
            printReady(password, !alreadyRunning.isEmpty());
            return superviseUntilStopped();
        } catch (IOException e) {
            err.println("error: cannot start a peer: " + e.getMessage());
            stopAll();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll();
            return 1;
        } finally {
            if (!stopping.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down; the hook does the stopping.
                }
            }
        }
    }

    /** The peers' JVM options: {@code fromEnv} when set, else sized for this machine; printed either way. */
    private String peerJavaOpts(String fromEnv) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            out.println("peer JVM options: " + fromEnv.trim() + " (from " + JAVA_OPTS_ENV + ")");
            return fromEnv;
        }
        PeerJvmOptions sized = PeerJvmOptions.forThisMachine(options.peers());
        out.println("peer JVM options: " + sized.javaOpts() + " (" + sized.reason() + "; set " + JAVA_OPTS_ENV
                + " to choose others)");
        return sized.javaOpts();
    }

    /** Until every peer answers /health and sees a Raft leader; false when a peer died or time ran out. */
    private boolean awaitReady(ReadinessProbe probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(options.startTimeout());
        out.println("waiting for the peers to answer and elect a Raft leader...");
        while (Instant.now().isBefore(deadline)) {
            PeerProcess dead = firstDead();
            if (dead != null) {
                reportDeath(dead, "at start");
                if (peers.size() > 1) { // the peers this up started; ones that already ran keep running
                    err.println("stopping the other peers this 'up' started.");
                }
                return false;
            }
            boolean ready = true;
            for (int i = 0; i < options.peers() && ready; i++) {
                ready = probe.healthy(options.ports(i)) && probe.leader(options.ports(i)) != null;
            }
            if (ready) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        err.println("error: the cluster was not ready after " + options.startTimeout().toSeconds()
                + "s; see the peers' logs:");
        peers.forEach(p -> err.println("  " + p.log()));
        return false;
    }

    private void printReady(String password, boolean othersRunElsewhere) {
        out.println();
        out.println("Local cluster of " + options.peers() + " peers (data in " + options.data() + "):");
        for (int i = 0; i < options.peers(); i++) {
            PeerPorts ports = options.ports(i);
            out.printf("  peer-%d  zone %s  REST API %s  IPFS proxy %s  gateway %s  metrics %s%n", i,
                    UpOptions.zone(i), ports.restUrl(), ports.proxyUrl(), ports.gatewayUrl(), ports.metricsUrl());
            out.printf("          Pinning Service API %s%n", ports.psaUrl());
            out.printf("          log %s%n", options.peerDir(i).resolve(PeerProcess.LOG));
        }
        out.println("  user: " + LocalClusterLayout.ADMIN_USER + "  password: " + password
                + "  (kept in " + options.data().resolve(AdminPassword.FILE) + ")");
        out.println();
        out.println("Try:");
        out.println("  curl -u " + LocalClusterLayout.ADMIN_USER + ":" + password + " -X POST "
                + options.ports(0).restUrl() + "/pins/bafkqaaa");
        out.println("  TOKEN=$(curl -s -u " + LocalClusterLayout.ADMIN_USER + ":" + password + " -X POST "
                + options.ports(0).restUrl() + "/token | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + options.ports(0).psaUrl() + "/pins");
        out.println("  curl -u " + LocalClusterLayout.ADMIN_USER + ":" + password + " -X POST "
                + options.ports(0).proxyUrl() + "/api/v0/pin/ls");
        out.println("  PINCLUSTER_BASIC_AUTH=" + LocalClusterLayout.ADMIN_USER + ":" + password
                + " ./pincluster --host " + options.ports(0).restUrl() + " status");
        out.println("  a browser on " + options.ports(0).restUrl() + "/dashboard (same user and password): peers, pins,"
                + " repair, moves and alerts, refreshed every 2 s");
        if (othersRunElsewhere) {
            out.println("Ctrl-C stops the peers this command started ("
                    + String.join(", ", peers.stream().map(p -> "peer-" + p.index()).toList())
                    + "); the others stay with the up that started them.");
        } else {
            out.println("Ctrl-C stops all peers.");
        }
        out.println(READY);
        out.flush();
    }

    /**
     * Reports each peer that exits unasked and keeps the others running; returns 0 once Ctrl-C stopped
     * them, 1 when none is left.
     */
    private int superviseUntilStopped() throws InterruptedException {
        Set<PeerProcess> reported = new HashSet<>();
        while (true) {
            List<PeerProcess> alive = peers.stream().filter(PeerProcess::alive).toList();
            if (stopping.get()) {
                return 0;
            }
            for (PeerProcess p : peers) {
                if (!p.alive() && reported.add(p)) {
                    boolean removed = reportDeath(p, "while running");
                    p.forgetPid();
                    if (!alive.isEmpty() && !removed) {
                        err.println("the other " + alive.size() + " peers keep running. Start peer-" + p.index()
                                + " again (it rejoins from its own data) with:");
                        err.println("  " + upCommandLine());
                    }
                    err.flush();
                }
            }
            if (alive.isEmpty()) {
                err.println("error: every peer this command started has exited.");
                return 1;
            }
            try {
                CompletableFuture.anyOf(alive.stream().map(p -> p.process().onExit())
                        .toArray(CompletableFuture[]::new)).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("onExit does not fail", e);
            }
        }
    }

    private PeerProcess firstDead() {
        return peers.stream().filter(p -> !p.alive()).findFirst().orElse(null);
    }

    /** Says which peer exited, how, and the end of its log; returns true when the cluster had removed it. */
    private boolean reportDeath(PeerProcess dead, String when) {
        int i = dead.index();
        err.println("error: peer-" + i + " (" + PeerLabel.of(options.peerDir(i)) + ", REST API "
                + options.ports(i).restUrl() + ", pid " + dead.pid() + ") exited " + when + " with "
                + dead.describeExit() + "; last lines of " + dead.log() + ":");
        String tail = dead.tail(LOG_TAIL_LINES);
        err.println(tail);
        if (tail.contains(REMOVED_REFUSAL)) {
            // the daemon's own advice names --join, which up passes by itself to a peer without Raft state
            err.println("the cluster removed peer-" + i + ". To bring it back as a new member, delete its folder "
                    + options.peerDir(i) + " and run '" + upCommandLine() + "' while the others run: it gets a new"
                    + " identity and joins through a running peer.");
            return true;
        }
        return false;
    }

    private String upCommandLine() {
        return "pincluster up --data " + options.data() + " --peers " + options.peers() + " --base-port "
                + options.basePort();
    }

    /** SIGTERM to every peer, then wait; whoever is still alive after the grace period is killed. */
    private void stopAll() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        List<PeerProcess> running = peers.stream().filter(PeerProcess::alive).toList();
        if (running.isEmpty()) {
            return;
        }
        out.println("stopping " + running.size() + " peers...");
        running.forEach(PeerProcess::requestStop);
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (PeerProcess p : running) {
            try {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || !p.awaitExit(left)) {
                    err.println("peer-" + p.index() + " did not stop within " + STOP_GRACE.toSeconds() + "s; killing it");
                    p.kill();
                    p.awaitExit(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.kill();
            }
        }
        running.forEach(PeerProcess::forgetPid);
        out.println("all peers stopped.");
        out.flush();
    }
}
