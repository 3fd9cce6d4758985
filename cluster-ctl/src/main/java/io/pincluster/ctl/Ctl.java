package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandFactory;
import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.ctl.cli.CommandTree;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pincluster} client commands, which talk to a peer's REST API. {@link #addTo} puts them into a
 * command tree (the distribution's {@code Main} does); {@link #run} runs them alone and returns the exit code
 * (see {@link ExitCodes}); nothing here calls {@code System.exit}, so it can be tested and embedded.
 */
@Command(name = "pincluster", description = "Talks to a Pincluster peer's REST API.",
        footer = {"", Ctl.EXIT_CODES})
public final class Ctl {
    /** Basic-Auth credentials ({@code user:password}) used when {@code --basic-auth} is not given. */
    public static final String AUTH_ENV = "PINCLUSTER_BASIC_AUTH";
    /** REST API address used when {@code --host} is not given. */
    public static final String HOST_ENV = "PINCLUSTER_HOST";
    /** The footer of the top-level usage. */
    public static final String EXIT_CODES = "Exit codes: 0 ok, 1 bad arguments or no answer, 2 the API returned an "
            + "error,%n62 --wait timed out.";

    /** The client commands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(IdCommand.class, VersionCommand.class, PeersGroup.class,
            HealthCommand.class, PinGroup.class, StatusCommand.class, RecoverCommand.class, AddCommand.class,
            IpfsGroup.class, StateGroup.class, TenantGroup.class);

    /**
     * Adds the client commands to {@code root} (made with a {@link CommandFactory}), and gives {@code root}, every
     * client command and every group the {@code --host}, {@code --basic-auth}, {@code --enc} and {@code --timeout}
     * options, so they may come before or after the command.
     */
    public static void addTo(CommandLine root) {
        root.addMixin(CommandTree.SHARED_OPTIONS_MIXIN, new GlobalOptions());
        for (Class<?> command : COMMANDS) {
            CommandLine added = new CommandLine(command, root.getFactory());
            root.addSubcommand(added);
            addGlobalOptions(added);
        }
    }

    private static void addGlobalOptions(CommandLine command) {
        command.addMixin(CommandTree.SHARED_OPTIONS_MIXIN, new GlobalOptions());
        command.getSubcommands().values().forEach(Ctl::addGlobalOptions);
    }

    /** Runs with the process environment; stderr counts as a terminal when the JVM has a console. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), System.console() != null);
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
                          boolean stderrIsTerminal) {
        CommandIo io = new CommandIo(out, err, env, stderrIsTerminal);
        CommandLine root = new CommandLine(Ctl.class, new CommandFactory(io));
        addTo(root);
        return CommandTree.execute(CommandTree.configure(root, io), args);
    }

    private Ctl() {
    }
}
