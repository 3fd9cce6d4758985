package io.pincluster.service.cli;

import io.pincluster.connector.importer.HashCommand;
import io.pincluster.ctl.Ctl;
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
                if (rest.length != 1 || rest[0].startsWith("-")) {
                    err.println("usage: pincluster daemon <peer folder>");
                    return 1;
                }
                return new DaemonCommand(Path.of(rest[0]), System.getenv(), out, err).run();
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

    static String usage() {
        return "usage: pincluster <command> [flags]\n\n"
                + "Peer commands:\n"
                + "  init        create a peer folder (identity, service.json)\n"
                + "  daemon      run a peer\n"
                + "  up          run a local cluster of N peers on this machine (" + UpOptions.SUMMARY + ")\n"
                + "  hash        print the CIDs `ipfs add --only-hash` would print\n\n"
                + Ctl.usage();
    }
}
