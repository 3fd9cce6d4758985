package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;

/** {@code pincluster version}: the peer's {@code /version}. */
@Command(name = "version", description = "Show the peer's version.")
final class VersionCommand extends ClientCommand {
    VersionCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        s.printer().version(required(s.client().call("GET", "/version"), "/version"));
        return ExitCodes.OK;
    }
}
