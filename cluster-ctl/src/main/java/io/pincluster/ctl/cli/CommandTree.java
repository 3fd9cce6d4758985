package io.pincluster.ctl.cli;

import io.pincluster.ctl.ExitCodes;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Gives every command of a picocli tree the same conventions, so a command added later gets them too: a
 * {@code -h, --help} that prints its own usage on stdout and exits 0, a {@code usage:} line generated from its
 * options and parameters, the full command tree ({@code pin add}, {@code pin rm}, ...) in a group's usage, and
 * usage errors reported by {@link UsageErrors} with exit code {@value ExitCodes#USAGE_OR_NETWORK}.
 */
public final class CommandTree {
    /**
     * The name of the mixin holding options every command of a group shares (the client's {@code --host}, ...);
     * a usage line sums them up as {@code [options]} instead of listing them.
     */
    public static final String SHARED_OPTIONS_MIXIN = "global";

    private CommandTree() {
    }

    /** Applies the conventions to {@code root} and every subcommand, and sends its output to {@code io}. */
    public static CommandLine configure(CommandLine root, CommandIo io) {
        configureEach(root);
        root.setOut(writer(io.out()));
        root.setErr(writer(io.err()));
        root.setParameterExceptionHandler(new UsageErrors());
        // As before picocli: a flag given twice keeps the last value, and an argument starting with @ is an
        // argument (a file name, a metadata value), not a file of more arguments.
        root.setOverwrittenOptionsAllowed(true);
        root.setExpandAtFiles(false);
        return root;
    }

    /** Runs {@code args}, flushing what picocli printed (help, usage errors) before returning the exit code. */
    public static int execute(CommandLine root, String... args) {
        try {
            return root.execute(args);
        } finally {
            root.getOut().flush();
            root.getErr().flush();
        }
    }

    private static void configureEach(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        UsageMessageSpec usage = spec.usageMessage();
        if (usage.header().length > 0) {
            // A one-line header (picocli's help command has one) goes with the description, so every usage
            // starts with its usage line.
            usage.description(Stream.concat(Stream.of(usage.header()), Stream.of(usage.description()))
                    .map(line -> line.replace("%n", "")).filter(line -> !line.isBlank()).toArray(String[]::new));
            usage.header(new String[0]);
        }
        // Declaration order: the command's own options first, the shared ones after them, --help last.
        usage.sortOptions(false).synopsisHeading("usage: ").customSynopsis(Synopsis.of(spec))
                .descriptionHeading("%n").parameterListHeading("%nParameters:%n").optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n");
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandList::render);
        Set.copyOf(command.getSubcommands().values()).forEach(CommandTree::configureEach);
    }

    /** picocli writes to a PrintWriter; this one hands the text to the stream, so the stream's charset applies. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                stream.print(new String(chars, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }
}
