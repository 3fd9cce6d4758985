package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;

/** {@code pincluster id}: the peer's {@code /id}. */
@Command(name = "id", description = "Show the peer's ID, addresses and Raft view.")
final class IdCommand extends ClientCommand {
    IdCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        s.printer().peer(required(s.client().call("GET", "/id"), "/id"));
        return ExitCodes.OK;
    }
}
