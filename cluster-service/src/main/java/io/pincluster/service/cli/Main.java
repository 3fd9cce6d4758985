package io.pincluster.service.cli;

import io.pincluster.ctl.Ctl;
import io.pincluster.ipld.importer.HashCommand;
import io.pincluster.service.DaemonCommand;
import io.pincluster.service.InitCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code pincluster <command>}: the one entry point of the distribution. Peer commands ({@code init},
 * {@code daemon}), local tools ({@code up}, {@code hash}) and the REST client commands (see {@link Ctl}).
 */
public final class Main {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    static {
        // On a 2-core machine the JDK sizes the common pool at 1 thread, and CompletableFuture then runs every
        // async step that names no executor on a brand-new thread. Ratis completes each log write that way: a
        // profile of a loaded peer showed thread creation per flush. Two threads make it use the pool.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns its exit code; unknown commands and {@code --help} print usage on stderr, exit 1. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            err.print(usage());
            return 1;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "init":
                return InitCommand.run(rest, out, err);
            case "daemon":
                return daemon(rest, out, err);
            case "up":
                return UpCommand.run(rest, out, err);
            case "hash":
                return HashCommand.run(rest, out, err);
            default:
                // Client commands may start with global flags (--host ...), which Ctl parses itself.
                if (args[0].startsWith("-") || Ctl.handles(args[0])) {
                    return Ctl.run(args, out, err);
                }
                err.print("unknown command '" + args[0] + "'\n\n" + usage());
                return 1;
        }
    }

    static final String DAEMON_USAGE = "usage: pincluster daemon <peer folder> [--join HOST:PORT]\n"
            + "  --join HOST:PORT   a new peer (no Raft folder yet) asks the peer whose cluster RPC listens there to\n"
            + "                     add it to the cluster; ignored once the peer has Raft storage\n";

    private static int daemon(String[] args, PrintStream out, PrintStream err) {
        String dir = null;
        String seed = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--join") && i + 1 < args.length && seed == null) {
                seed = args[++i];
            } else if (!args[i].startsWith("-") && dir == null) {
                dir = args[i];
            } else {
                err.print("error: unexpected argument '" + args[i] + "'\n" + DAEMON_USAGE);
                return 1;
            }
        }
        if (dir == null) {
            err.print(DAEMON_USAGE);
            return 1;
        }
        if (seed != null && !seed.matches("[^\\s:]+:[0-9]{1,5}|\\[[0-9a-fA-F:]+\\]:[0-9]{1,5}")) {
            err.print("error: --join needs HOST:PORT of a running peer's cluster RPC, not '" + seed + "'\n"
                    + DAEMON_USAGE);
            return 1;
        }
        return new DaemonCommand(Path.of(dir), System.getenv(), out, err, seed).run();
    }

    static String usage() {
        return "usage: pincluster <command> [flags]\n\n"
                + "Peer commands:\n"
                + "  init        create a peer folder (identity, service.json)\n"
                + "  daemon      run a peer (--join HOST:PORT to join a running cluster)\n"
                + "  up          run a local cluster of N peers on this machine (" + UpOptions.SUMMARY + ")\n"
                + "  hash        print the CIDs `ipfs add --only-hash` would print\n\n"
                + Ctl.usage();
    }
}
