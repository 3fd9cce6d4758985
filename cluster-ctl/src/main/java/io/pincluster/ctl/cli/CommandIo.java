package io.pincluster.ctl.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What one run of a command works with, passed in rather than taken from {@link System} so tests and embedders
 * can give their own.
 *
 * @param out              results
 * @param err              errors, progress
 * @param env              environment variables ({@code PINCLUSTER_HOST}, {@code PINCLUSTER_BASIC_AUTH}, ...)
 * @param stderrIsTerminal whether a progress bar on {@code err} would be seen
 */
public record CommandIo(PrintStream out, PrintStream err, Map<String, String> env, boolean stderrIsTerminal) {
    public CommandIo {
        env = Map.copyOf(env);
    }

    /** The process's own streams and environment; stderr counts as a terminal when the JVM has a console. */
    public static CommandIo system() {
        return new CommandIo(System.out, System.err, System.getenv(), System.console() != null);
    }
}
