package io.pincluster.service.cli;

import io.pincluster.ctl.Ctl;
import picocli.CommandLine.Command;

/**
 * The top of the {@code pincluster} command tree: the peer commands and local tools here, the client commands
 * added by {@link Ctl#addTo}, then {@code completion} and {@code help} (see {@link Main#commandLine}).
 */
@Command(name = "pincluster",
        description = {"Runs Pincluster peers and local clusters, and talks to a peer's REST API.",
            "The options below are the client commands' (id, pin, status, ...); they may also follow the command."},
        subcommands = {InitCli.class, DaemonCli.class, RunCli.class, UpCli.class, HashCli.class, HashPasswordCli.class},
        footer = {"", "Run 'pincluster <command> [<subcommand>] --help' for a command's options.", Ctl.EXIT_CODES})
final class PinclusterCommand {
}
