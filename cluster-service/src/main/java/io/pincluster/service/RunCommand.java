package io.pincluster.service;

import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.membership.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pincluster run <peer folder>}: the entry point of a container or service unit, configured by the
 * environment only. A folder without {@code service.json} is initialised first (a new identity, defaults; the
 * {@code PINCLUSTER_<SECTION>_<KEY>} variables then set everything at each start, the cluster secret included), and
 * a peer without Raft state joins the cluster through {@value Bootstrap#ENV} unless that address is its own (the
 * bootstrap peer starts a cluster of its own). Then it runs as {@link DaemonCommand} does, with the same exit codes;
 * on a clean stop it leaves the cluster when {@code cluster.leave_on_shutdown} is set.
 */
public final class RunCommand {
    private RunCommand() {
    }

    /** Initialises {@code peerDir} if needed, then runs the peer until it is stopped; returns the exit code. */
    public static int run(Path peerDir, Map<String, String> env, PrintStream out, PrintStream err) {
        DaemonCommand daemon;
        try {
            daemon = prepare(peerDir, env, out, err);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return DaemonCommand.EXIT_CONFIG;
        } catch (IOException e) {
            err.println("error: cannot initialise the peer folder " + peerDir + ": " + e.getMessage());
            return DaemonCommand.EXIT_CONFIG;
        }
        return daemon.run();
    }

    /**
     * Initialises {@code peerDir} if it has no {@code service.json} and returns the daemon to run, joining through
     * {@value Bootstrap#ENV} unless that names this peer.
     *
     * @throws ConfigException the configuration or {@value Bootstrap#ENV} is invalid
     * @throws IOException     the folder cannot be initialised
     */
    public static DaemonCommand prepare(Path peerDir, Map<String, String> env, PrintStream out, PrintStream err)
            throws IOException {
        initialiseIfEmpty(peerDir, env, out);
        ServiceConfig config = ServiceConfigFile.load(peerDir.resolve(ServiceConfigFile.FILE_NAME), env);
        Optional<String> seed = joinSeed(Bootstrap.fromEnv(env), config, out);
        return new DaemonCommand(peerDir, env, out, err, seed.orElse(null));
    }

    private static void initialiseIfEmpty(Path peerDir, Map<String, String> env, PrintStream out) throws IOException {
        if (Files.exists(peerDir.resolve(ServiceConfigFile.FILE_NAME))) {
            return;
        }
        // force: an identity left by an interrupted first start is kept (init never replaces one)
        InitOptions options = InitOptions.defaults().withPeername(peername(env))
                .withForce(Files.exists(peerDir.resolve(IdentityFile.FILE_NAME)));
        InitCommand.InitResult r = InitCommand.run(peerDir, options);
        out.println("initialised peer " + r.peerId() + " in " + peerDir + " (first start)");
    }

    /** The name init writes; the environment's {@code PINCLUSTER_CLUSTER_PEERNAME} wins at each start anyway. */
    private static String peername(Map<String, String> env) {
        for (String name : new String[] {"PINCLUSTER_CLUSTER_PEERNAME", "HOSTNAME"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static Optional<String> joinSeed(Optional<Bootstrap> bootstrap, ServiceConfig config, PrintStream out) {
        if (bootstrap.isEmpty()) {
            return Optional.empty();
        }
        Bootstrap b = bootstrap.get();
        if (b.isSelf(config.cluster().peername(), config.cluster().rpcListen())) {
            out.println(Bootstrap.ENV + "=" + b + " names this peer: it starts the cluster (no join)");
            return Optional.empty();
        }
        return Optional.of(b.toString());
    }
}
