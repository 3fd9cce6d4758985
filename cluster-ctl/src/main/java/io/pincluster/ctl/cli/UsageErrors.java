package io.pincluster.ctl.cli;

import io.pincluster.ctl.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli could not make sense of, on stderr, with exit code
 * {@value ExitCodes#USAGE_OR_NETWORK}: {@code error: unknown command 'pin frob'} followed by the group's usage,
 * or {@code error: unknown flag '--bogus'} (or the missing or malformed value) followed by the command's usage
 * line and where to read more.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        CommandSpec spec = command.getCommandSpec();
        PrintWriter err = command.getErr();
        boolean group = !command.getSubcommands().isEmpty();
        String unmatched = ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? u.getUnmatched().get(0) : null;
        if (group && unmatched != null && !unmatched.startsWith("-")) {
            err.println("error: unknown command '" + commandPath(spec) + unmatched + "'");
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println();
            err.print(command.getUsageMessage());
        } else if (group && ex.getMessage().startsWith("Missing required subcommand")) {
            err.println("error: '" + spec.qualifiedName(" ") + "' needs a command");
            err.println();
            err.print(command.getUsageMessage());
        } else {
            err.println("error: " + message(ex, unmatched));
            err.println("usage: " + Synopsis.of(spec));
            err.println("see '" + spec.qualifiedName(" ") + " --help'");
        }
        err.flush();
        return ExitCodes.USAGE_OR_NETWORK;
    }

    private static String message(ParameterException ex, String unmatched) {
        if (unmatched != null) {
            return (unmatched.startsWith("-") && unmatched.length() > 1 ? "unknown flag '" : "unexpected argument '")
                    + unmatched + "'";
        }
        String text = ex.getMessage();
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code "pin "} for {@code pincluster pin}: the words after the program name, as the user typed them. */
    private static String commandPath(CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? "" : qualified.substring(space + 1) + " ";
    }
}
