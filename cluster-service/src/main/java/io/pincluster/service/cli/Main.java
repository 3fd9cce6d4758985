package io.pincluster.service.cli;

import io.pincluster.ctl.Ctl;
import io.pincluster.ctl.cli.CommandFactory;
import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.ctl.cli.CommandTree;
import java.io.PrintStream;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code pincluster <command>}: the one entry point of the distribution. Builds the command tree (peer commands
 * {@code init} and {@code daemon}, local tools {@code up} and {@code hash}, the REST client commands of {@link Ctl},
 * {@code completion}, {@code help}) and runs what the arguments name.
 */
public final class Main {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    /** Chooses the log format (logback.xml); a system property or environment variable. */
    static final String LOG_FORMAT = "PINCLUSTER_LOG_FORMAT";
    /** The log formats there is a {@code logback-<format>.xml} for. */
    static final Set<String> LOG_FORMATS = Set.of("text", "json");

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
        String problem = logFormatProblem(System.getProperty(LOG_FORMAT), System.getenv(LOG_FORMAT));
        if (problem != null) {
            System.err.println("error: " + problem);
            System.exit(2);
        }
        System.exit(run(args, CommandIo.system()));
    }

    /**
     * What is wrong with the log format asked for ({@value #LOG_FORMAT}, the system property before the environment,
     * as logback reads it), or null when it is unset or one of {@link #LOG_FORMATS}. Checked before any logger
     * exists: logback includes {@code logback-<format>.xml}, and for a format without one it writes no record at all.
     */
    static String logFormatProblem(String property, String environment) {
        String format = property != null ? property : environment;
        if (format == null || LOG_FORMATS.contains(format)) {
            return null;
        }
        return LOG_FORMAT + " is '" + format + "'; it must be one of " + String.join(", ", LOG_FORMATS.stream().sorted()
                .toList()) + " (unset: text)";
    }

    /**
     * Runs one command with the process environment and returns its exit code; {@code --help} prints usage on
     * {@code out} (exit 0), usage errors go to {@code err} (exit 1).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, new CommandIo(out, err, System.getenv(), System.console() != null));
    }

    static int run(String[] args, CommandIo io) {
        return CommandTree.execute(commandLine(io), args);
    }

    /** The whole command tree, every command with the same help, usage and error conventions. */
    static CommandLine commandLine(CommandIo io) {
        CommandLine root = new CommandLine(PinclusterCommand.class, new CommandFactory(io));
        Ctl.addTo(root);
        root.addSubcommand(CompletionCommand.class);
        root.addSubcommand(new CommandLine.HelpCommand());
        return CommandTree.configure(root, io);
    }
}
