package io.pincluster.service;

import io.pincluster.service.config.ConfigException;
import io.pincluster.service.health.ConsensusEndWatch;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityException;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code pincluster daemon}: loads the peer folder, starts the peer, prints where it listens and a
 * {@value #READY_LINE} line, then runs until {@link #stop()} or a SIGTERM/SIGINT (a JVM shutdown hook closes the
 * peer cleanly before the JVM exits).
 *
 * <p>Exit codes returned by {@link #run()}: {@value #EXIT_OK} stopped cleanly, {@value #EXIT_CONFIG} the identity or
 * configuration is missing or invalid, {@value #EXIT_START} the peer could not start (port in use, store locked, the
 * {@code --join} seed refused or could not be reached, the cluster removed this peer), {@value #EXIT_CONSENSUS_FAILED}
 * the peer ran but its Raft server stopped on its own ({@link ClusterAssembly#consensusEnded()}): it is stopped so
 * that a supervisor restarts it. A peer the cluster removes while it runs stops with {@value #EXIT_OK}, as
 * ipfs-cluster's removed peers shut down (a supervisor that restarts on failure leaves it stopped). When the JVM is
 * stopped by a signal, its own exit status applies (130 for SIGINT, 143 for SIGTERM).
 */
public final class DaemonCommand {
    public static final String READY_LINE = "** Pincluster is READY **";
    public static final int EXIT_OK = 0;
    public static final int EXIT_START = 1;
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_CONSENSUS_FAILED = 3;
    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    private final Path peerDir;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    /** {@code --join host:port}: a running peer's cluster RPC; null when not joining. */
    private final String joinSeed;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Given the started peer before the ready line (tests reach into it); nothing by default. */
    private Consumer<ClusterAssembly> onStarted = peer -> { };

    public DaemonCommand(Path peerDir, Map<String, String> env, PrintStream out, PrintStream err) {
        this(peerDir, env, out, err, null);
    }

    /**
     * @param joinSeed {@code host:port} of any running peer's cluster RPC ({@code --join}): a peer without Raft
     *                 storage asks it to be added; ignored (with a log line) once this peer has Raft storage
     */
    public DaemonCommand(Path peerDir, Map<String, String> env, PrintStream out, PrintStream err, String joinSeed) {
        this.joinSeed = joinSeed;
        this.peerDir = peerDir;
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    /** The running peer's cluster RPC address this daemon joins through when it has no Raft state, if any. */
    public java.util.Optional<String> joinSeed() {
        return java.util.Optional.ofNullable(joinSeed);
    }

    /** Tests: {@code hook} gets the started peer before the ready line is printed. */
    DaemonCommand onStarted(Consumer<ClusterAssembly> hook) {
        this.onStarted = hook;
        return this;
    }

    /** Runs the daemon for {@code peerDir} with the given environment, printing to the standard streams. */
    public static int run(Path peerDir, Map<String, String> env) {
        return new DaemonCommand(peerDir, env, System.out, System.err).run();
    }

    /** Starts the peer and blocks until it is stopped; returns the exit code. */
    public int run() {
        // Libraries that log through java.util.logging (the gRPC shaded into Ratis) would print two-line records of
        // their own format beside logback's; routed into logback they get its format and levels (logback.xml
        // propagates those back to java.util.logging, so what it drops is not even formatted).
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        try {
            return startAndWait();
        } finally {
            stopped.countDown();
        }
    }

    private int startAndWait() {
        ServiceConfig config;
        PeerIdentity identity;
        try {
            identity = IdentityFile.read(peerDir.resolve(IdentityFile.FILE_NAME));
            config = ServiceConfigFile.load(peerDir.resolve(ServiceConfigFile.FILE_NAME), env);
        } catch (ConfigException | IdentityException e) {
            err.println("error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        ClusterAssembly peer;
        try {
            peer = ClusterAssembly.start(peerDir, config, identity, java.time.Clock.systemUTC(), joinSeed);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IOException | RuntimeException e) {
            LOG.error("peer failed to start", e);
            err.println("error: the peer could not start: " + e.getMessage());
            return EXIT_START;
        }
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            awaitStopped();
        }, "pincluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<ConsensusEndWatch.End> consensusEnded = peer.consensusEnded();
        consensusEnded.thenRun(stopRequested::countDown);
        try {
            onStarted.accept(peer);
            printReady(peer);
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            peer.close();
            removeHook(hook);
        }
        ConsensusEndWatch.End end = consensusEnded.getNow(null);
        if (end != null && end.removed()) {
            err.println("stopped: " + end.reason());
        } else if (end != null) {
            err.println("error: " + end.reason() + "; the peer stopped so that it can be restarted");
            return EXIT_CONSENSUS_FAILED;
        }
        return EXIT_OK;
    }

    /** Asks a running daemon to stop and waits until it has (what a signal does). */
    public void stop() {
        stopRequested.countDown();
        awaitStopped();
    }

    private void printReady(ClusterAssembly peer) {
        out.println("peer " + peer.peerId() + " (" + peer.config().cluster().peername() + ")");
        out.println("REST API: " + peer.restUrl());
        out.println("Gateway:  " + peer.gatewayUrl().map(Object::toString).orElse("disabled"));
        out.println("Metrics:  " + peer.metricsUrl().map(Object::toString).orElse("disabled"));
        out.println(READY_LINE);
        out.flush();
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and waits for us
        }
    }
}
