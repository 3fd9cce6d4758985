package io.pincluster.service.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pincluster up}: runs a local cluster of N peers (default 3) as child processes in the
 * foreground, prints how to reach them once a Raft leader is known, and stops them all on Ctrl-C.
 * If a peer dies, {@code up} says which, shows the end of its log, stops the others and exits 1.
 */
public final class UpCommand {
    /** Printed once every peer answers and sees a leader; scripts and tests wait for it. */
    public static final String READY = "** pincluster up: READY **";

    static final String JAVA_OPTS_ENV = "PINCLUSTER_PEER_JAVA_OPTS";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 30;

    private final UpOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final List<PeerProcess> peers = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private UpCommand(UpOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the cluster until Ctrl-C or a peer dies; returns the exit code (0 after Ctrl-C, 1 on failure). */
    static int run(UpOptions options, PrintStream out, PrintStream err) {
        return new UpCommand(options, out, err).run();
    }

    private int run() {
        String password;
        try {
            password = AdminPassword.resolve(options.data(), options.password());
            boolean created = LocalClusterLayout.prepare(options, password);
            out.println((created ? "created " : "reusing ") + options.peers() + " peer folders in " + options.data());
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot prepare " + options.data() + ": " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(this::stopAll, "pincluster-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String javaOpts = System.getenv().getOrDefault(JAVA_OPTS_ENV, PeerProcess.DEFAULT_JAVA_OPTS);
            for (int i = 0; i < options.peers(); i++) {
                PeerProcess p = PeerProcess.start(i, options.peerDir(i), javaOpts);
                peers.add(p);
                out.println("started peer-" + i + " (pid " + p.pid() + "), log: " + p.log());
            }
            if (!awaitReady(new ReadinessProbe(LocalClusterLayout.ADMIN_USER, password))) {
                stopAll();
                return 1;
            }
            printReady(password);
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

    /** Until every peer answers /health and sees a Raft leader; false when a peer died or time ran out. */
    private boolean awaitReady(ReadinessProbe probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(options.startTimeout());
        out.println("waiting for the peers to answer and elect a Raft leader...");
        while (Instant.now().isBefore(deadline)) {
            PeerProcess dead = firstDead();
            if (dead != null) {
                reportDeath(dead, "at start");
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

    private void printReady(String password) {
        out.println();
        out.println("Local cluster of " + options.peers() + " peers (data in " + options.data() + "):");
        for (int i = 0; i < options.peers(); i++) {
            PeerPorts ports = options.ports(i);
            out.printf("  peer-%d  zone %s  REST API %s  gateway %s  metrics %s%n", i, UpOptions.zone(i),
                    ports.restUrl(), ports.gatewayUrl(), ports.metricsUrl());
            out.printf("          log %s%n", peers.get(i).log());
        }
        out.println("  user: " + LocalClusterLayout.ADMIN_USER + "  password: " + password
                + "  (kept in " + options.data().resolve(AdminPassword.FILE) + ")");
        out.println();
        out.println("Try:");
        out.println("  curl -u " + LocalClusterLayout.ADMIN_USER + ":" + password + " -X POST "
                + options.ports(0).restUrl() + "/pins/bafkqaaa");
        out.println("  PINCLUSTER_BASIC_AUTH=" + LocalClusterLayout.ADMIN_USER + ":" + password
                + " ./pincluster --host " + options.ports(0).restUrl() + " status");
        out.println("Ctrl-C stops all peers.");
        out.println(READY);
        out.flush();
    }

    /** Blocks until a peer exits; an exit nobody asked for stops the others and returns 1. */
    private int superviseUntilStopped() throws InterruptedException {
        CompletableFuture<?>[] exits = peers.stream().map(p -> p.process().onExit()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("onExit does not fail", e);
        }
        if (stopping.get()) {
            return 0;
        }
        PeerProcess dead = firstDead();
        if (dead != null) {
            reportDeath(dead, "while running");
        }
        stopAll();
        return 1;
    }

    private PeerProcess firstDead() {
        return peers.stream().filter(p -> !p.alive()).findFirst().orElse(null);
    }

    private void reportDeath(PeerProcess dead, String when) {
        err.println("error: peer-" + dead.index() + " exited " + when + " with code " + dead.exitCode()
                + "; last lines of " + dead.log() + ":");
        err.println(dead.tail(LOG_TAIL_LINES));
        err.println("stopping the other peers.");
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
        out.println("all peers stopped.");
        out.flush();
    }
}
