package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;

/** {@code pincluster peers ls}: every peer's {@code /id}, unreachable ones with their error. */
@Command(name = "ls", description = "List the cluster's peers.")
final class PeersLsCommand extends ClientCommand {
    PeersLsCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        s.client().stream("GET", "/peers", s.printer()::peer);
        return ExitCodes.OK;
    }
}
